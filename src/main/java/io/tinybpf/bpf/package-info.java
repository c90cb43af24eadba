/**
 * Kernel BPF constants (map, program and attach types with their libbpf names) and libbpf's
 * ELF section-name conventions ({@link io.tinybpf.bpf.SectionNames}).
 */
package io.tinybpf.bpf;
