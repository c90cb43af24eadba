package io.tinybpf.cli;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfValues;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.kernel.BpfMap;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.PerfBufferReader;
import io.tinybpf.kernel.RingBufferReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Readers for every ring buffer and perf event array of a loaded object, each record handed on
 * as a {@link Record} that renders as one line {@code [map] Field=value ...} or as JSON, decoded
 * with the record type tinybpf put into BTF (hex when there is none). Used by {@code run}
 * (polling while programs fire) and {@code test} (draining after a test run).
 */
final class Records implements AutoCloseable {
    private final List<RingBufferReader> rings = new ArrayList<>();
    private final List<PerfBufferReader> perfs = new ArrayList<>();

    private Records() {}

    /** One record a map delivered, with the BTF type to decode it (null: none, shown as hex). */
    record Record(String map, byte[] data, Btf btf, Integer type) {
        /** {@code [events] PID=1 Port=80 ...}. */
        String text() {
            return "[" + map + "] " + (type != null ? BtfValues.format(btf, type, data) : hex(data));
        }

        /** {@code {"map": "events", "size": 28, "value": {...}}} ({@code "hex"} instead of a value without a type). */
        Map<String, Object> json() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("map", map);
            m.put("size", (long) data.length);
            if (type != null) m.put("value", BtfValues.json(btf, type, data));
            else m.put("hex", hex(data));
            return m;
        }
    }

    static Records open(BpfObject o, Btf btf, Consumer<Record> sink) {
        Map<String, Integer> types = btf == null ? Map.of() : btf.eventTypes();
        Records r = new Records();
        try {
            for (BpfMap m : o.maps()) {
                Integer type = types.get(m.name());
                Consumer<byte[]> line = data -> sink.accept(new Record(m.name(), data, btf, type));
                switch (m.typeName()) {
                    case "ringbuf" -> r.rings.add(RingBufferReader.open(m, line));
                    case "perf_event_array" -> r.perfs.add(PerfBufferReader.open(m, 8, (cpu, data) -> line.accept(data), null));
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    boolean isEmpty() {
        return rings.isEmpty() && perfs.isEmpty();
    }

    /** Waits up to {@code timeout} on each reader in turn. */
    void poll(Duration timeout) {
        for (RingBufferReader rb : rings) rb.poll(timeout);
        for (PerfBufferReader pb : perfs) pb.poll(timeout);
    }

    /** Delivers what is there now. */
    void drain() {
        for (RingBufferReader rb : rings) rb.consume();
        for (PerfBufferReader pb : perfs) pb.consume();
    }

    @Override
    public void close() {
        rings.forEach(RingBufferReader::close);
        perfs.forEach(PerfBufferReader::close);
    }

    /** The object's BTF, or null when it has none or it does not parse (verify reports that). */
    static Btf btf(ElfFile elf) {
        var sec = elf.section(".BTF");
        if (sec.isEmpty()) return null;
        try {
            return Btf.parse(sec.get().bytes());
        } catch (BtfFormatException e) {
            return null;
        }
    }

    /** Ring buffer / perf record types by map, described for humans: {@code connectEvent (28 bytes)}. */
    static Map<String, String> describe(Btf btf) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (btf == null) return out;
        for (Map.Entry<String, Integer> e : btf.eventTypes().entrySet()) {
            String size = btf.sizeOf(e.getValue()).isPresent() ? " (" + btf.sizeOf(e.getValue()).getAsLong() + " bytes)" : "";
            out.put(e.getKey(), btf.describe(e.getValue()) + size);
        }
        return out;
    }

    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }
}
