/**
 * {@code tinybpf generate}: Go bindings for cilium/ebpf from a BPF object's ELF and BTF
 * ({@link io.tinybpf.codegen.Bindings}), with Go types of exact layout ({@link io.tinybpf.codegen.GoTypes})
 * printed as gofmt prints them ({@link io.tinybpf.codegen.GoSource}), and the name rules shared with
 * {@code tinybpf init} ({@link io.tinybpf.codegen.GoIdent}).
 */
package io.tinybpf.codegen;
