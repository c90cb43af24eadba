package io.tinybpf.elf;

import io.tinybpf.bpf.MapType;
import io.tinybpf.bpf.SectionDef;
import io.tinybpf.bpf.SectionNames;
import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a BPF object contains: programs, maps (as libbpf reads their BTF definitions), license,
 * BTF presence, kfunc externs and CO-RE relocations. Lists are sorted (programs by section then
 * name, maps by name) so output built from it is deterministic.
 *
 * @param license         the license string, empty when there is no 'license' section
 * @param kfuncs          undefined symbols that are kfunc externs, sorted
 * @param coreRelocations number of CO-RE relocation records in .BTF.ext
 */
public record ObjectSummary(List<Program> programs, List<MapInfo> maps, Optional<String> license, boolean hasBtf,
                            boolean hasBtfExt, List<String> kfuncs, int coreRelocations) {

    /**
     * One program (an entry point: a global function in a section other than .text).
     *
     * @param offset       byte offset of the function in its section
     * @param sizeBytes    code size in bytes (symbol size, or up to the next function / section end)
     * @param slots        raw 8-byte instruction slots ({@code sizeBytes / 8}); what the kernel's insn_cnt counts
     * @param instructions logical instructions: a 16-byte {@code ld_imm64} counts once
     */
    public record Program(String name, String section, Optional<SectionDef> definition, long offset, long sizeBytes,
                          long slots, long instructions) {
        /** libbpf program type name, or {@code unknown} when the section name matches no libbpf convention. */
        public String programTypeName() {
            return definition.map(SectionDef::programTypeName).orElse("unknown");
        }

        /** tinybpf kind family ({@code kprobe}, {@code xdp}, {@code tc}, ...), or {@code unknown}. */
        public String kind() {
            return definition.map(SectionDef::kind).orElse("unknown");
        }

        public Optional<String> attachTarget() {
            return definition.flatMap(d -> d.targetOf(section));
        }
    }

    /**
     * One BTF-defined map. Sizes come from {@code __type} pointees when present, else from
     * {@code __uint(key_size/value_size)}; absent attributes are 0.
     *
     * @param type          raw map type number (may be unknown to {@link MapType})
     * @param keyType       C spelling of the {@code key} type, when declared with {@code __type}
     * @param keyTypeId     BTF id of the key type, 0 when absent
     * @param inner         inner map definition of a map-in-map ({@code __array(values, ...)})
     * @param initialValues slot index to symbol name, from static {@code .values = {...}} initialisers
     */
    public record MapInfo(String name, int type, long keySize, long valueSize, long maxEntries, long mapFlags,
                          long pinning, long numaNode, long mapExtra, Optional<String> keyType,
                          Optional<String> valueType, int keyTypeId, int valueTypeId, Optional<MapInfo> inner,
                          SortedMap<Integer, String> initialValues) {
        public Optional<MapType> mapType() {
            return MapType.of(type);
        }

        /** libbpf name of the type ({@code hash}, {@code ringbuf}) or {@code unknown(N)}. */
        public String typeName() {
            return MapType.nameOf(type);
        }

        public String pinningName() {
            return pinning == 0 ? "none" : pinning == 1 ? "by_name" : "unknown(" + pinning + ")";
        }
    }

    /**
     * Summarises an object. Malformed BTF is an error here; {@link ObjectValidator} reports it as a
     * diagnostic instead. Maps whose definitions are invalid are summarised as far as they can be read.
     */
    public static ObjectSummary summarize(ElfFile elf) throws BtfFormatException {
        BpfObject obj = new BpfObject(elf);
        if (obj.btfError != null) throw obj.btfError;
        if (obj.extError != null) throw obj.extError;

        List<Program> programs = new ArrayList<>();
        for (ElfSection s : obj.programSections()) {
            List<ElfSymbol> funcs = new ArrayList<>();
            for (ElfSymbol sym : elf.symbolsIn(s)) {
                if (sym.type() == ElfSymbol.Type.FUNC) funcs.add(sym);
            }
            funcs.sort(Comparator.comparingLong(ElfSymbol::value));
            Optional<SectionDef> def = SectionNames.resolve(s.name());
            for (int i = 0; i < funcs.size(); i++) {
                ElfSymbol f = funcs.get(i);
                if (!f.isGlobal()) continue;
                long start = f.value() < 0 || f.value() > s.size() ? s.size() : f.value(); // u64 above 2^63 reads negative
                long end = f.size() > 0 ? f.value() + f.size() : i + 1 < funcs.size() ? funcs.get(i + 1).value() : s.size();
                end = Math.max(start, Math.min(end, s.size()));
                programs.add(new Program(f.name(), s.name(), def, start, end - start, (end - start) / 8,
                        logicalInstructions(s.contents(), (int) start, (int) end)));
            }
        }
        programs.sort(Comparator.comparing(Program::section).thenComparing(Program::name));

        List<MapInfo> maps = obj.btf == null ? List.of() : maps(obj);

        List<String> kfuncs = new ArrayList<>(new TreeSet<>(elf.symbols().stream()
                .filter(sym -> sym.index() != 0 && sym.isUndefined() && obj.isKfunc(sym.name()))
                .map(ElfSymbol::name).toList()));

        return new ObjectSummary(List.copyOf(programs), maps, license(elf), obj.btf != null, obj.ext != null,
                List.copyOf(kfuncs), obj.ext == null ? 0 : obj.ext.coreReloCount());
    }

    /** Counts instructions, letting the opcode of BPF_LD|BPF_IMM|BPF_DW (0x18) take two slots. */
    static long logicalInstructions(ByteBuffer code, int start, int end) {
        long n = 0;
        for (int p = start; p + 8 <= end; p += code.get(p) == 0x18 ? 16 : 8) n++;
        return n;
    }

    private static Optional<String> license(ElfFile elf) {
        return elf.section(BpfObject.LICENSE).map(s -> {
            byte[] b = s.bytes();
            int n = 0;
            while (n < b.length && b[n] != 0) n++;
            return new String(b, 0, n, StandardCharsets.UTF_8);
        });
    }

    private static List<MapInfo> maps(BpfObject obj) {
        Btf btf = obj.btf;
        Optional<BtfType.DataSec> ds = btf.find(BpfObject.MAPS, BtfType.DataSec.class);
        Optional<ElfSection> ms = obj.elf.section(BpfObject.MAPS);
        if (ds.isEmpty()) return List.of();
        List<MapInfo> out = new ArrayList<>();
        for (BtfType.VarSecInfo vi : ds.get().vars()) {
            if (!(btf.type(vi.type()) instanceof BtfType.Var v) || v.name().isEmpty()) continue;
            MapDefs.Def def = MapDefs.parse(btf, v.name(), v.type(), false, new ArrayList<>());
            SortedMap<Integer, String> init = new TreeMap<>();
            if (def.valuesOffset() >= 0 && ms.isPresent()) {
                Optional<ElfSymbol> sym = obj.elf.symbolsIn(ms.get()).stream().filter(s -> s.name().equals(v.name())).findFirst();
                if (sym.isPresent()) {
                    long base = sym.get().value() + def.valuesOffset();
                    long limit = sym.get().value() + sym.get().size();
                    for (ElfRelocation r : obj.elf.relocationsFor(ms.get())) {
                        if (r.offset() >= base && r.offset() < limit && (r.offset() - base) % 8 == 0) {
                            init.put((int) ((r.offset() - base) / 8), r.symbol().name());
                        }
                    }
                }
            }
            out.add(info(btf, def, Collections.unmodifiableSortedMap(init)));
        }
        out.sort(Comparator.comparing(MapInfo::name));
        return List.copyOf(out);
    }

    private static MapInfo info(Btf btf, MapDefs.Def def, SortedMap<Integer, String> init) {
        long keySize = def.keyType() != 0 ? btf.sizeOf(def.keyType()).orElse(0) : def.get("key_size");
        long valueSize = def.valueType() != 0 ? btf.sizeOf(def.valueType()).orElse(0)
                : def.valuesOffset() >= 0 ? 4 : def.get("value_size"); // libbpf: 'values' means 4-byte ids/fds
        return new MapInfo(def.name(), def.mapType(), keySize, valueSize, def.get("max_entries"), def.get("map_flags"),
                def.get("pinning"), def.get("numa_node"), def.get("map_extra"), describe(btf, def.keyType()),
                describe(btf, def.valueType()), def.keyType(), def.valueType(),
                Optional.ofNullable(def.inner()).map(d -> info(btf, d, Collections.emptySortedMap())), init);
    }

    private static Optional<String> describe(Btf btf, int id) {
        return id == 0 ? Optional.empty() : Optional.of(btf.describe(id));
    }

    /** A human-readable multi-line report (used by {@code tinybpf verify}). */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("license: ").append(license.map(l -> "\"" + l + "\"").orElse("(none)")).append('\n');
        sb.append("btf: ").append(hasBtf ? "yes" : "no").append(", btf.ext: ").append(hasBtfExt ? "yes" : "no")
                .append(", co-re relocations: ").append(coreRelocations).append('\n');
        sb.append("programs:\n");
        for (Program p : programs) {
            sb.append(String.format("  %-24s section %-32s type %-16s %d insns (%d slots)%n", p.name(), p.section(),
                    p.programTypeName(), p.instructions(), p.slots()));
        }
        sb.append("maps:\n");
        for (MapInfo m : maps) {
            sb.append(String.format("  %-24s %-16s key %s value %s max_entries %d%s%n", m.name(), m.typeName(),
                    m.keyType().orElse(bytes(m.keySize())), m.valueType().orElse(bytes(m.valueSize())), m.maxEntries(),
                    m.pinning() != 0 ? " pinning " + m.pinningName() : ""));
        }
        if (!kfuncs.isEmpty()) sb.append("kfuncs: ").append(String.join(", ", kfuncs)).append('\n');
        return sb.toString();
    }

    private static String bytes(long n) {
        return n == 0 ? "-" : n + "B";
    }

    /** Convenience for callers that key by name. */
    public Optional<MapInfo> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<Program> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
