/**
 * Pure-Java reading of BPF ELF objects: {@link io.tinybpf.elf.ElfFile} (sections, symbols,
 * relocations), {@link io.tinybpf.elf.ObjectValidator} (will libbpf load it?) and
 * {@link io.tinybpf.elf.ObjectSummary} (programs, maps, license, BTF facts).
 */
package io.tinybpf.elf;
