/**
 * BPF Type Format: {@link io.tinybpf.btf.Btf} parses {@code .BTF} into {@link io.tinybpf.btf.BtfType}
 * records, {@link io.tinybpf.btf.BtfExt} parses {@code .BTF.ext} (func/line info, CO-RE relocations).
 */
package io.tinybpf.btf;
