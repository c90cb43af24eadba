package io.tinybpf.elf;

import io.tinybpf.bpf.MapType;
import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * libbpf's reading of a BTF map definition ({@code parse_btf_map_def}): a struct whose members
 * encode attributes in their types. {@code __uint(name, N)} is {@code int (*name)[N]} (a pointer to
 * an array of N elements), {@code __type(name, T)} is {@code T *name}, {@code __array(values, T)}
 * is {@code T *values[]}. One place for these rules keeps the validator and summary in agreement.
 */
final class MapDefs {
    private MapDefs() {}

    static final Set<String> UINT_FIELDS = Set.of("type", "key_size", "value_size", "max_entries", "map_flags",
            "numa_node", "map_extra", "pinning");
    static final List<String> ALL_FIELDS = List.of("type", "key_size", "value_size", "max_entries", "map_flags",
            "numa_node", "map_extra", "pinning", "key", "value", "values");

    /**
     * @param uints       integer attributes in member order
     * @param keyType     pointee of {@code key} (0 when absent)
     * @param valueType   pointee of {@code value} (0 when absent)
     * @param valuesOffset byte offset of the {@code values} member, -1 when absent
     * @param inner       inner map definition of a map-in-map
     */
    record Def(String name, Map<String, Long> uints, int keyType, int valueType, long valuesOffset, Def inner) {
        long get(String field) {
            return uints.getOrDefault(field, 0L);
        }

        int mapType() {
            return (int) get("type");
        }
    }

    /** Parses the definition of map {@code name} whose VAR has type {@code typeId}; problems go to {@code problems}. */
    static Def parse(Btf btf, String name, int typeId, boolean inner, List<String> problems) {
        BtfType def = btf.resolve(typeId);
        if (!(def instanceof BtfType.Struct s)) {
            problems.add("map '" + name + "': definition is " + btf.describe(typeId) + " (" + def.kind()
                    + "), expected a struct");
            return new Def(name, Map.of(), 0, 0, -1, null);
        }
        Map<String, Long> uints = new LinkedHashMap<>();
        int key = 0, value = 0;
        long valuesOffset = -1;
        Def innerDef = null;
        List<BtfType.Member> members = s.members();
        for (int i = 0; i < members.size(); i++) {
            BtfType.Member m = members.get(i);
            String f = m.name();
            if (UINT_FIELDS.contains(f)) {
                Long v = uint(btf, name, m, problems);
                if (v == null) continue;
                uints.put(f, v);
                if (f.equals("pinning") && v != 0 && v != 1) {
                    problems.add("map '" + name + "': invalid pinning value " + v + " (0 = none, 1 = LIBBPF_PIN_BY_NAME)");
                }
                if (f.equals("pinning") && inner && v != 0) problems.add("map '" + name + "': an inner map definition cannot be pinned");
            } else if (f.equals("key") || f.equals("value")) {
                if (!(btf.type(m.type()) instanceof BtfType.Ptr p)) {
                    problems.add("map '" + name + "': '" + f + "' is " + btf.describe(m.type()) + ", expected a pointer (__type(" + f + ", T))");
                    continue;
                }
                if (btf.sizeOf(p.type()).isEmpty()) {
                    problems.add("map '" + name + "': the size of " + f + " type " + btf.describe(p.type()) + " is unknown");
                    continue;
                }
                if (f.equals("key")) key = p.type();
                else value = p.type();
            } else if (f.equals("values")) {
                int type = (int) uints.getOrDefault("type", 0L).longValue();
                boolean mapInMap = MapType.of(type).map(MapType::isMapInMap).orElse(false);
                boolean progArray = type == MapType.PROG_ARRAY.number();
                if (inner) {
                    problems.add("map '" + name + "': multi-level inner maps are not supported");
                    continue;
                }
                if (!mapInMap && !progArray) {
                    problems.add("map '" + name + "': 'values' needs a map-in-map or prog_array type declared before it, but the type is " + MapType.nameOf(type));
                    continue;
                }
                if (i != members.size() - 1) problems.add("map '" + name + "': 'values' must be the last member");
                BtfType arr = btf.resolve(m.type());
                if (!(arr instanceof BtfType.Array a) || a.nelems() != 0) {
                    problems.add("map '" + name + "': 'values' is " + btf.describe(m.type()) + ", expected a zero-sized array (__array(values, ...))");
                    continue;
                }
                BtfType ptr = btf.resolve(a.elemType());
                BtfType target = ptr instanceof BtfType.Ptr p ? btf.resolve(p.type()) : null;
                if (progArray) {
                    if (!(target instanceof BtfType.FuncProto)) {
                        problems.add("map '" + name + "': prog_array 'values' elements must be pointers to functions, got " + btf.describe(a.elemType()));
                        continue;
                    }
                } else {
                    if (!(target instanceof BtfType.Struct)) {
                        problems.add("map '" + name + "': map-in-map 'values' elements must be pointers to an inner map definition struct, got " + btf.describe(a.elemType()));
                        continue;
                    }
                    innerDef = parse(btf, name + ".inner", target.id(), true, problems);
                }
                valuesOffset = m.bitOffset() / 8;
            } else {
                problems.add("map '" + name + "': unknown attribute '" + f + "' (libbpf accepts " + String.join(", ", ALL_FIELDS) + ")");
            }
        }
        if (!uints.containsKey("type")) problems.add("map '" + name + "': no map type: add __uint(type, BPF_MAP_TYPE_...)");
        conflict(btf, name, "key", key, uints, problems);
        conflict(btf, name, "value", value, uints, problems);
        if (valuesOffset >= 0 && uints.containsKey("value_size") && uints.get("value_size") != 4) {
            problems.add("map '" + name + "': value_size " + uints.get("value_size") + " conflicts with 'values' (which implies 4)");
        }
        return new Def(name, uints, key, value, valuesOffset, innerDef);
    }

    private static void conflict(Btf btf, String name, String f, int type, Map<String, Long> uints, List<String> problems) {
        Long declared = uints.get(f + "_size");
        if (type == 0 || declared == null) return;
        long actual = btf.sizeOf(type).orElse(-1);
        if (actual != declared) {
            problems.add("map '" + name + "': " + f + "_size " + declared + " conflicts with the " + actual + "-byte " + f + " type " + btf.describe(type));
        }
    }

    /** {@code __uint} value: member is (modifiers of) a pointer to an array; the value is the element count. */
    private static Long uint(Btf btf, String name, BtfType.Member m, List<String> problems) {
        BtfType t = btf.resolve(m.type());
        // libbpf's __ulong (map_extra only) is an enum whose single enumerator carries a 64-bit value.
        if (m.name().equals("map_extra") && t instanceof BtfType.Enum64 e && !e.values().isEmpty()) return e.values().getFirst().value();
        if (m.name().equals("map_extra") && t instanceof BtfType.Enum e && !e.values().isEmpty()) return e.values().getFirst().value();
        if (t instanceof BtfType.Ptr p && btf.type(p.type()) instanceof BtfType.Array a) return a.nelems();
        problems.add("map '" + name + "': attribute '" + m.name() + "' is " + btf.describe(m.type())
                + ", expected the __uint encoding (a pointer to an array whose length is the value, int (*" + m.name() + ")[N])");
        return null;
    }
}
