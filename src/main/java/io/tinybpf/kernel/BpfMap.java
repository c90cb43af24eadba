package io.tinybpf.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A BPF map: either one of a {@link BpfObject}'s maps (its fd belongs to the object and exists
 * once the object is loaded), or a standalone map created with {@link #create} or opened from a pin
 * (then {@link #close()} closes its fd).
 *
 * <p>Keys and values are raw bytes in host (little-endian) order; see {@link LittleEndian}. For
 * per-CPU maps ({@link #isPerCpu()}) use {@link #lookupPerCpu}/{@link #updatePerCpu}: the kernel
 * exchanges one value slot per possible CPU, each rounded up to 8 bytes.
 */
public final class BpfMap implements AutoCloseable {
    private final String name;
    private final int type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;
    private final IntSupplier fdSource;
    private final BpfFd owned;
    final BpfObject owner;

    BpfMap(String name, int type, int keySize, int valueSize, int maxEntries, int flags, IntSupplier fdSource, BpfFd owned,
           BpfObject owner) {
        this.owner = owner;
        this.name = name;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.flags = flags;
        this.fdSource = fdSource;
        this.owned = owned;
    }

    /** Creates a standalone map (BPF_MAP_CREATE); {@link #close()} frees it. */
    public static BpfMap create(int type, int keySize, int valueSize, int maxEntries, int flags, String name) {
        return adopt(Bpf.mapCreate(type, keySize, valueSize, maxEntries, flags, name));
    }

    /** Wraps an owned map fd, reading its shape from the kernel. */
    public static BpfMap adopt(BpfFd fd) {
        MapInfo i;
        try {
            i = Bpf.mapInfo(fd.fd());
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
        return new BpfMap(i.name(), i.type(), i.keySize(), i.valueSize(), i.maxEntries(), i.flags(), fd::fd, fd, null);
    }

    /** Opens a pinned map (BPF_OBJ_GET). */
    public static BpfMap openPinned(Path path) {
        return adopt(Bpf.objGet(path.toString()));
    }

    public String name() {
        return name;
    }

    /** BPF_MAP_TYPE_* number. */
    public int type() {
        return type;
    }

    /** libbpf's type name, e.g. "hash", "percpu_array", "ringbuf". */
    public String typeName() {
        return Libbpf.mapTypeName(type);
    }

    public int keySize() {
        return keySize;
    }

    /** Value size as declared (per CPU for per-CPU maps). */
    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public int flags() {
        return flags;
    }

    /** The map fd; throws {@link IllegalStateException} before its object is loaded. */
    public int fd() {
        int fd = fdSource.getAsInt();
        if (fd < 0) throw new IllegalStateException("map '" + name + "' has no fd (object not loaded?)");
        return fd;
    }

    public MapInfo info() {
        return Bpf.mapInfo(fd());
    }

    public boolean isPerCpu() {
        return io.tinybpf.bpf.MapType.of(type).map(io.tinybpf.bpf.MapType::isPerCpu).orElse(false);
    }

    /** Bytes the kernel exchanges for one lookup/update: per-CPU maps get {@code roundUp8(valueSize) * possibleCpus}. */
    public int lookupValueSize() {
        return isPerCpu() ? perCpuStride() * Bpf.possibleCpus() : valueSize;
    }

    private int perCpuStride() {
        return (valueSize + 7) & ~7;
    }

    private void checkKey(byte[] key) {
        if (key == null ? keySize != 0 : key.length != keySize) {
            throw new IllegalArgumentException("map '" + name + "': key must be " + keySize + " bytes, got "
                    + (key == null ? "null" : key.length));
        }
    }

    /** The value for {@code key}, or null when absent. For per-CPU maps: all CPUs' slots concatenated. */
    public byte[] lookup(byte[] key) {
        checkKey(key);
        byte[] out = new byte[lookupValueSize()];
        return Bpf.mapLookup(fd(), key, out, 0) ? out : null;
    }

    /** Per-CPU values for {@code key} (one {@link #valueSize()}-byte array per possible CPU), or null when absent. */
    public List<byte[]> lookupPerCpu(byte[] key) {
        if (!isPerCpu()) throw new IllegalStateException("map '" + name + "' (" + typeName() + ") is not per-CPU");
        byte[] all = lookup(key);
        if (all == null) return null;
        List<byte[]> out = new ArrayList<>();
        int stride = perCpuStride();
        for (int cpu = 0; cpu < Bpf.possibleCpus(); cpu++) {
            out.add(Arrays.copyOfRange(all, cpu * stride, cpu * stride + valueSize));
        }
        return out;
    }

    /** Sum over CPUs of a per-CPU u64 counter (value size 8). */
    public long sumPerCpuU64(byte[] key) {
        List<byte[]> v = lookupPerCpu(key);
        if (v == null) return 0;
        long sum = 0;
        for (byte[] b : v) sum += LittleEndian.u64At(b, 0);
        return sum;
    }

    /** Inserts or replaces ({@link Bpf#ANY}). */
    public void update(byte[] key, byte[] value) {
        update(key, value, Bpf.ANY);
    }

    /** Update with {@link Bpf#ANY}, {@link Bpf#NOEXIST} or {@link Bpf#EXIST}. */
    public void update(byte[] key, byte[] value, int flags) {
        checkKey(key);
        if (value.length != lookupValueSize()) {
            throw new IllegalArgumentException("map '" + name + "': value must be " + lookupValueSize() + " bytes, got "
                    + value.length + (isPerCpu() ? " (per-CPU map: use updatePerCpu)" : ""));
        }
        Bpf.mapUpdate(fd(), key, value, flags);
    }

    /** Updates a per-CPU map: one value per possible CPU, or a single value replicated to all CPUs. */
    public void updatePerCpu(byte[] key, List<byte[]> values, int flags) {
        int cpus = Bpf.possibleCpus();
        if (values.size() != 1 && values.size() != cpus) {
            throw new IllegalArgumentException("need 1 or " + cpus + " values, got " + values.size());
        }
        int stride = perCpuStride();
        byte[] all = new byte[stride * cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            byte[] v = values.get(values.size() == 1 ? 0 : cpu);
            if (v.length != valueSize) throw new IllegalArgumentException("value must be " + valueSize + " bytes");
            System.arraycopy(v, 0, all, cpu * stride, valueSize);
        }
        checkKey(key);
        Bpf.mapUpdate(fd(), key, all, flags);
    }

    /** Deletes {@code key}; false when it was absent. (Array maps refuse deletes with EINVAL.) */
    public boolean delete(byte[] key) {
        checkKey(key);
        return Bpf.mapDelete(fd(), key);
    }

    /** All keys, in the kernel's iteration order (BPF_MAP_GET_NEXT_KEY from the start). */
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        byte[] prev = null;
        int limit = Math.max(maxEntries, 0) + 1;
        while (true) {
            byte[] next = new byte[keySize];
            if (!Bpf.mapNextKey(fd(), prev, next)) break;
            keys.add(next);
            prev = next;
            if (keys.size() > limit) break; // defensive against concurrent churn
        }
        return keys;
    }

    /** A snapshot of all entries (key, value) — per-CPU maps give the concatenated slots. */
    public List<Map.Entry<byte[], byte[]>> entries() {
        List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
        for (byte[] k : keys()) {
            byte[] v = lookup(k);
            if (v != null) out.add(Map.entry(k, v));
        }
        return out;
    }

    /** Pins the map at {@code path} (on bpffs). */
    public void pin(Path path) {
        Bpf.objPin(fd(), path.toString());
    }

    /** Closes a standalone map's fd; a no-op for maps owned by a {@link BpfObject}. Idempotent. */
    @Override
    public void close() {
        if (owned != null) owned.close();
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + " " + typeName() + " key=" + keySize + " value=" + valueSize + " max=" + maxEntries + "]";
    }
}
