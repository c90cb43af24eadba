package io.tinybpf.cli;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfValues;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.BpfMap;
import io.tinybpf.kernel.BpfObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A snapshot of one map's contents, keys and values decoded with the map's BTF key and value
 * types (hex without them). Read by {@code test --dump} after a run and by {@code run --dump}
 * while programs are attached; rendered as text or as JSON from the same data.
 *
 * @param zeroSlots array slots left out because they hold only zero bytes (arrays have every index)
 */
record MapDump(String map, String type, List<Entry> entries, int zeroSlots) {
    /** One element, decoded for text and for JSON; a per-CPU map's valueJson is a list with one value per CPU. */
    record Entry(String keyText, Object keyJson, String valueText, Object valueJson, boolean perCpu) {}

    /** Reads {@code name} from a loaded object; an unknown map is a {@link Command.Refused}. */
    static MapDump read(BpfObject o, ObjectSummary summary, Btf btf, String name) {
        BpfMap m = o.findMap(name).orElseThrow(() -> new Command.Refused("--dump: no map '" + name + "'; the object has "
                + o.maps().stream().map(BpfMap::name).toList()));
        return read(name, m.typeName(), m.isPerCpu(), summary, btf, m.keys(), m::lookup, m::lookupPerCpu);
    }

    /** Reads a map through its accessors (a map in this kernel, or one in a VM's). */
    static MapDump read(String name, String typeName, boolean perCpu, ObjectSummary summary, Btf btf, List<byte[]> keys,
                        Function<byte[], byte[]> lookup, Function<byte[], List<byte[]>> lookupPerCpu) {
        Optional<ObjectSummary.MapInfo> info = summary.maps().stream().filter(x -> x.name().equals(name)).findFirst();
        int kt = btf == null ? 0 : info.map(ObjectSummary.MapInfo::keyTypeId).orElse(0);
        int vt = btf == null ? 0 : info.map(ObjectSummary.MapInfo::valueTypeId).orElse(0);
        boolean array = typeName.equals("array") || typeName.equals("percpu_array");
        List<Entry> entries = new ArrayList<>();
        int zero = 0;
        for (byte[] k : keys) {
            if (perCpu) {
                List<byte[]> per = lookupPerCpu.apply(k);
                if (array && per.stream().allMatch(MapDump::isZero)) {
                    zero++;
                    continue;
                }
                List<String> texts = new ArrayList<>();
                List<Object> jsons = new ArrayList<>();
                for (byte[] v : per) {
                    texts.add(text(btf, vt, v));
                    jsons.add(json(btf, vt, v));
                }
                entries.add(new Entry(text(btf, kt, k), json(btf, kt, k), "per CPU " + texts, jsons, true));
            } else {
                byte[] v = lookup.apply(k);
                if (array && v != null && isZero(v)) {
                    zero++;
                    continue;
                }
                entries.add(new Entry(text(btf, kt, k), json(btf, kt, k), v == null ? "(gone)" : text(btf, vt, v),
                        v == null ? null : json(btf, vt, v), false));
            }
        }
        return new MapDump(name, typeName, List.copyOf(entries), zero);
    }

    void print(PrintStream out) {
        out.println(map + " (" + type + "):");
        for (Entry e : entries) out.println("  " + e.keyText() + " → " + e.valueText());
        int n = entries.size();
        if (zeroSlots > 0) out.println("  (" + zeroSlots + (n > 0 ? " other" : "") + " slot" + (zeroSlots == 1 ? "" : "s") + " zero)");
        else if (n == 0) out.println("  (empty)");
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("map", map);
        m.put("type", type);
        List<Object> es = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", e.keyJson());
            x.put(e.perCpu() ? "values" : "value", e.valueJson());
            es.add(x);
        }
        m.put("entries", es);
        m.put("zero_slots", (long) zeroSlots);
        return m;
    }

    private static String text(Btf btf, int type, byte[] b) {
        return type != 0 ? BtfValues.format(btf, type, b) : Records.hex(b);
    }

    private static Object json(Btf btf, int type, byte[] b) {
        return type != 0 ? BtfValues.json(btf, type, b) : Records.hex(b);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
