package io.tinybpf.bpf;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code enum bpf_map_type} from the kernel UAPI (numbers as of Linux 6.18). A number this enum
 * does not know (a newer kernel) is still representable: keep the raw number and use
 * {@link #nameOf(int)} for display.
 */
public enum MapType {
    UNSPEC(0), HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4), PERCPU_HASH(5), PERCPU_ARRAY(6),
    STACK_TRACE(7), CGROUP_ARRAY(8), LRU_HASH(9), LRU_PERCPU_HASH(10), LPM_TRIE(11), ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13), DEVMAP(14), SOCKMAP(15), CPUMAP(16), XSKMAP(17), SOCKHASH(18), CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20), PERCPU_CGROUP_STORAGE(21), QUEUE(22), STACK(23), SK_STORAGE(24), DEVMAP_HASH(25),
    STRUCT_OPS(26), RINGBUF(27), INODE_STORAGE(28), TASK_STORAGE(29), BLOOM_FILTER(30), USER_RINGBUF(31),
    CGRP_STORAGE(32), ARENA(33);

    private static final MapType[] BY_NUMBER = values(); // numbers are dense: ordinal == number

    private final int number;

    MapType(int number) {
        this.number = number;
    }

    /** The kernel's number ({@code BPF_MAP_TYPE_*}). */
    public int number() {
        return number;
    }

    /** libbpf's name ({@code libbpf_bpf_map_type_str}), e.g. {@code percpu_array}. */
    public String libbpfName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MapType> of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? Optional.of(BY_NUMBER[number]) : Optional.empty();
    }

    /** libbpf name for a known number, {@code unknown(N)} otherwise. */
    public static String nameOf(int number) {
        return of(number).map(MapType::libbpfName).orElse("unknown(" + number + ")");
    }

    public boolean isMapInMap() {
        return this == ARRAY_OF_MAPS || this == HASH_OF_MAPS;
    }

    /** Per-CPU maps exchange one value slot (rounded up to 8 bytes) per possible CPU. */
    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH || this == PERCPU_CGROUP_STORAGE;
    }
}
