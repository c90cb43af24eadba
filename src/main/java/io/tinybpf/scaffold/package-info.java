/**
 * {@code tinybpf init}: a new Go module with a BPF program, its tinybpf.json, go:generate lines
 * for {@code tinybpf build} and {@code tinybpf generate}, and a cilium/ebpf loader
 * ({@link io.tinybpf.scaffold.Scaffold}).
 */
package io.tinybpf.scaffold;
