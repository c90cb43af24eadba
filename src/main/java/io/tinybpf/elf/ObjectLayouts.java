package io.tinybpf.elf;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfLayout;
import io.tinybpf.btf.BtfType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The BTF layouts ({@link BtfLayout}) of what generated bindings decode: map keys and values,
 * ring-buffer/perf record types and global variables (.bss, .data, .rodata), each under a name such as
 * {@code "record type of map events"}. {@code tinybpf generate} embeds them; the generated Java
 * loader calls {@link #check} when it opens an object, so bindings used with an object whose types
 * changed fail with "regenerate with tinybpf generate" instead of misreading it.
 */
public final class ObjectLayouts {
    private ObjectLayouts() {}

    /** What a layout belongs to. */
    public enum Kind { MAP_KEY, MAP_VALUE, RECORD, VARIABLE }

    /**
     * One type the bindings use.
     *
     * @param name   the map or variable
     * @param what   how errors name it: {@code key of map counts}, {@code record type of map events},
     *               {@code variable multiplier}
     * @param typeId the BTF type
     */
    public record Entry(Kind kind, String name, String what, int typeId, String layout) {}

    /** Thrown when an object's types differ from the ones bindings were generated for. */
    public static final class StaleBindingsException extends IllegalStateException {
        public StaleBindingsException(String message) {
            super(message);
        }
    }

    /** Every map key and value with a BTF type, every record type with its map, every data-section variable. */
    public static List<Entry> of(ElfFile elf, ObjectSummary summary, Btf btf) {
        List<Entry> out = new ArrayList<>();
        if (btf == null) return out;
        for (ObjectSummary.MapInfo m : summary.maps()) {
            if (m.keyTypeId() != 0) out.add(entry(btf, Kind.MAP_KEY, m.name(), "key of map " + m.name(), m.keyTypeId()));
            if (m.valueTypeId() != 0) out.add(entry(btf, Kind.MAP_VALUE, m.name(), "value of map " + m.name(), m.valueTypeId()));
        }
        for (Map.Entry<String, Integer> e : btf.eventTypes().entrySet()) {
            if (summary.map(e.getKey()).isPresent()) out.add(entry(btf, Kind.RECORD, e.getKey(), "record type of map " + e.getKey(), e.getValue()));
        }
        for (BtfType t : btf.types()) {
            // global variables live in .bss, .data* and .rodata* (.maps holds map definitions)
            if (!(t instanceof BtfType.DataSec ds) || !(ds.name().equals(".bss") || ds.name().startsWith(".data") || ds.name().startsWith(".rodata"))) {
                continue;
            }
            for (BtfType.VarSecInfo vi : ds.vars()) {
                if (btf.type(vi.type()) instanceof BtfType.Var v && !v.name().startsWith(Btf.EVENT_ANCHOR) && !v.name().startsWith(".")) {
                    out.add(entry(btf, Kind.VARIABLE, v.name(), "variable " + v.name(), v.type()));
                }
            }
        }
        return out;
    }

    private static Entry entry(Btf btf, Kind kind, String name, String what, int type) {
        return new Entry(kind, name, what, type, BtfLayout.of(btf, type));
    }

    /** The layouts of the object at {@code path}, by {@link Entry#what()}. */
    public static Map<String, String> read(Path path) throws IOException {
        try {
            ElfFile elf = ElfFile.read(path);
            Optional<ElfSection> sec = elf.section(".BTF");
            Btf btf = sec.isEmpty() ? null : Btf.parse(sec.get().contents());
            Map<String, String> out = new LinkedHashMap<>();
            for (Entry e : of(elf, ObjectSummary.summarize(elf), btf)) out.put(e.what(), e.layout());
            return out;
        } catch (ElfFormatException | BtfFormatException e) {
            throw new IOException(path + ": not a valid BPF object: " + e.getMessage(), e);
        }
    }

    /**
     * Compares the object's layouts with {@code expected} (what bindings were generated for).
     *
     * @throws StaleBindingsException naming every difference, ending "regenerate with tinybpf generate"
     */
    public static void check(Path object, Map<String, String> expected) throws IOException {
        Map<String, String> actual = read(object);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String got = actual.get(e.getKey());
            if (got == null) problems.add(e.getKey() + " is missing");
            else if (!got.equals(e.getValue())) {
                problems.add(e.getKey() + " changed since these bindings were generated (object: " + got + ", bindings: " + e.getValue() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new StaleBindingsException(object.getFileName() + ": " + String.join("; ", problems) + "\nregenerate with tinybpf generate");
        }
    }
}
