package io.tinybpf.kernel;

/**
 * The common part of struct bpf_link_info.
 *
 * @param type     BPF_LINK_TYPE_* number
 * @param typeName libbpf's name for it ("tracing", "xdp", "cgroup", "perf_event", ...)
 * @param id       kernel-wide link id
 * @param progId   id of the attached program
 */
public record LinkInfo(int type, String typeName, int id, int progId) {}
