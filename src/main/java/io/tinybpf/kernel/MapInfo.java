package io.tinybpf.kernel;

/**
 * What the kernel reports about a map ({@code BPF_OBJ_GET_INFO_BY_FD}, struct bpf_map_info).
 *
 * @param type       BPF_MAP_TYPE_* number
 * @param typeName   libbpf's name for it ("hash", "array", "ringbuf", ...)
 * @param id         kernel-wide map id
 * @param name       map name (truncated by the kernel to 15 characters)
 * @param keySize    key size in bytes
 * @param valueSize  value size in bytes (per CPU for per-CPU maps)
 * @param maxEntries capacity (for ring buffers: the size in bytes)
 * @param flags      BPF_F_* creation flags
 * @param btfId      id of the map's BTF object (0 when none)
 */
public record MapInfo(int type, String typeName, int id, String name, int keySize, int valueSize, int maxEntries,
                      int flags, int btfId) {}
