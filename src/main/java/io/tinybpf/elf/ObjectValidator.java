package io.tinybpf.elf;

import io.tinybpf.bpf.MapType;
import io.tinybpf.bpf.SectionDef;
import io.tinybpf.bpf.SectionNames;
import io.tinybpf.btf.BtfType;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that an ELF file is a BPF object libbpf (and bpftool, cilium/ebpf) can load: the header,
 * program sections, license, BTF-defined maps, relocations and BTF presence. Returns every problem
 * found (errors and warnings, in a stable order), each with stage {@link Stage#ELF_VALIDATE}.
 */
public final class ObjectValidator {
    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights",
            "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");
    private static final String TARGET_HINT = "compile for the BPF target (clang -target bpf, llc -march=bpfel)";

    private final BpfObject obj;
    private final ElfFile elf;
    private final List<Diagnostic> out = new ArrayList<>();

    private ObjectValidator(ElfFile elf) {
        this.elf = elf;
        this.obj = new BpfObject(elf);
    }

    public static List<Diagnostic> validate(ElfFile elf) {
        ObjectValidator v = new ObjectValidator(elf);
        if (v.header()) {
            v.programs();
            v.license();
            v.btf();
            v.maps();
            v.dataSections();
            v.relocations();
        }
        return List.copyOf(v.out);
    }

    /** Reads and validates a file; a malformed ELF file becomes a single error diagnostic. */
    public static List<Diagnostic> validate(Path path) throws IOException {
        try {
            return validate(ElfFile.read(path));
        } catch (ElfFormatException e) {
            return List.of(Diagnostic.error(Stage.ELF_VALIDATE, "malformed ELF file: " + e.getMessage()));
        }
    }

    public static boolean hasErrors(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) return true;
        }
        return false;
    }

    private void error(String message, String hint) {
        out.add(Diagnostic.error(Stage.ELF_VALIDATE, message).withHint(hint));
    }

    private void warning(String message, String hint) {
        out.add(Diagnostic.warning(Stage.ELF_VALIDATE, message).withHint(hint));
    }

    /** @return whether the rest is worth checking (a non-BPF object would only produce noise) */
    private boolean header() {
        ElfHeader h = elf.header();
        boolean bpf = true;
        if (!h.is64()) {
            error("object is " + h.className() + ", BPF objects are ELFCLASS64", TARGET_HINT);
            bpf = false;
        }
        if (h.machine() != ElfHeader.EM_BPF) {
            error("object is for " + h.machineName() + ", expected EM_BPF (247): this is not a BPF object", TARGET_HINT);
            bpf = false;
        }
        if (!bpf) return false;
        if (!h.isLittleEndian()) {
            warning("object is big-endian (bpfeb): loaders on little-endian hosts such as x86-64 and arm64 reject it",
                    "compile with -target bpfel (or -target bpf on a little-endian host)");
        }
        if (h.type() != ElfHeader.ET_REL) {
            error("object type is " + h.typeName() + ", expected ET_REL (relocatable): libbpf loads unlinked objects",
                    "emit an object file (clang -c, llc -filetype=obj) instead of linking it");
        }
        return true;
    }

    private void programs() {
        List<ElfSection> programs = obj.programSections();
        for (ElfSection s : elf.sections()) {
            if (!s.isExecutable() || s.name().equals(BpfObject.TEXT)) continue;
            String sec = "section '" + s.name() + "'";
            if (!BpfObject.isCode(s)) {
                error(sec + " is executable but holds no code (" + s.typeName() + ", " + s.size() + " bytes)",
                        "remove the empty section or put a program in it");
                continue;
            }
            List<ElfSymbol> entries = obj.programSymbols(s);
            if (entries.isEmpty()) {
                error(sec + " holds code but no global function: libbpf finds programs through their GLOBAL FUNC symbols",
                        "make the program function non-static (exported)");
            }
            for (ElfSymbol sym : elf.symbolsIn(s)) {
                if (sym.type() == ElfSymbol.Type.FUNC && sym.bind() == ElfSymbol.Bind.LOCAL) {
                    out.add(Diagnostic.error(Stage.ELF_VALIDATE, sec + ": program '" + sym.name()
                            + "' is static; libbpf rejects static programs outside .text").in(sym.name())
                            .withHint("make the function global, or move helpers it uses to .text"));
                }
            }
            Optional<SectionDef> def = SectionNames.resolve(s.name());
            if (def.isEmpty()) {
                warning(sec + " does not match any libbpf section name, so libbpf cannot tell its program type",
                        "use a conventional name such as xdp, tc/ingress, kprobe/<function>, tracepoint/<category>/<name>");
            } else if (def.get().missingTarget(s.name())) {
                warning(sec + " has no attach target: " + def.get().prefix() + " programs need '" + def.get().prefix()
                        + "/<target>' to be loaded or attached automatically", null);
            }
        }
        for (ElfSection s : elf.sections()) {
            if (BpfObject.isCode(s) && s.size() % 8 != 0) {
                error("section '" + s.name() + "' is " + s.size() + " bytes, not a whole number of 8-byte BPF instructions",
                        "the object is corrupt or was not produced by the BPF backend");
            }
        }
        if (programs.isEmpty()) {
            boolean text = elf.section(BpfObject.TEXT).map(BpfObject::isCode).orElse(false);
            error("no BPF program: no non-empty executable section other than .text"
                    + (text ? " (functions in .text are subprograms, not programs)" : ""),
                    "place each program in its own section named after its type, e.g. SEC(\"xdp\") or SEC(\"tracepoint/syscalls/sys_enter_write\")");
        }
    }

    private void license() {
        Optional<ElfSection> lic = elf.section(BpfObject.LICENSE);
        if (lic.isEmpty()) {
            error("no 'license' section: the kernel needs a license to decide which helpers the program may call",
                    "declare a license string in section \"license\", e.g. char LICENSE[] SEC(\"license\") = \"GPL\";");
            return;
        }
        byte[] b = lic.get().bytes();
        int nul = -1;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0) {
            error("'license' section (" + b.length + " bytes) is not a NUL-terminated string: \""
                    + printable(new String(b, StandardCharsets.UTF_8)) + "\"", "the license must be a C string, e.g. \"GPL\"");
            return;
        }
        String text = new String(b, 0, nul, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            error("'license' section holds an empty string", "declare a license such as \"GPL\" or \"Dual BSD/GPL\"");
        } else if (!GPL_COMPATIBLE.contains(text)) {
            out.add(new Diagnostic(Severity.NOTE, Stage.ELF_VALIDATE, "license \"" + printable(text)
                    + "\" is not GPL-compatible: the verifier rejects calls to GPL-only helpers and kfuncs", null, null, null));
        }
    }

    private void btf() {
        List<String> needs = btfNeeds();
        if (obj.btfSection.isEmpty()) {
            // an object nothing in which needs BTF loads without it (clang -g0, hand-written IR)
            if (!needs.isEmpty()) {
                error("no .BTF section, which this object needs: " + String.join("; ", needs)
                        + " (the kernel also uses it for function and line info)", "compile with debug info (-g)");
            }
            return;
        } else if (obj.btfError != null) {
            error(".BTF section is malformed: " + obj.btfError.getMessage(), null);
        }
        boolean hasPrograms = !obj.programSections().isEmpty();
        if (obj.extSection.isEmpty()) {
            if (hasPrograms) error("no .BTF.ext section: programs have no function or line info (and CO-RE relocations would be lost)",
                    "compile with debug info (-g)");
        } else if (obj.extError != null) {
            error(".BTF.ext section is malformed: " + obj.extError.getMessage(), null);
        } else if (obj.ext != null) {
            for (ElfSection s : obj.programSections()) {
                if (obj.ext.funcInfo(s.name()).isEmpty()) {
                    warning("section '" + s.name() + "' has no function info in .BTF.ext: BTF-dependent features (global functions, kfuncs) will fail to verify", null);
                }
            }
        }
    }

    /**
     * What in the object needs BTF, each with the reason: BTF-defined maps, externs (kfuncs,
     * {@code __ksym}, {@code __kconfig}), global variables loaders expose by name, and global
     * subprograms (the verifier checks them against their BTF prototypes).
     */
    private List<String> btfNeeds() {
        List<String> needs = new ArrayList<>();
        Optional<ElfSection> maps = elf.section(BpfObject.MAPS);
        if (maps.isPresent()) needs.add("libbpf reads the '.maps' definitions from BTF" + names(elf.symbolsIn(maps.get()), ElfSymbol.Type.OBJECT, false));
        List<String> externs = new ArrayList<>();
        for (ElfSymbol sym : elf.symbols()) {
            if (sym.index() != 0 && sym.isUndefined() && !sym.name().isEmpty() && sym.type() != ElfSymbol.Type.FILE) externs.add(sym.name());
        }
        if (!externs.isEmpty()) needs.add("externs (kfuncs, __ksym, __kconfig: '" + String.join("', '", externs) + "') are resolved through BTF");
        List<ElfSymbol> data = new ArrayList<>();
        for (ElfSection s : elf.sections()) if (s.isAlloc() && !s.isExecutable() && isDataSection(s.name())) data.addAll(elf.symbolsIn(s));
        String vars = names(data, ElfSymbol.Type.OBJECT, true);
        if (!vars.isEmpty()) needs.add("loaders expose global variables by their BTF" + vars);
        String funcs = elf.section(BpfObject.TEXT).map(t -> names(elf.symbolsIn(t), ElfSymbol.Type.FUNC, true)).orElse("");
        if (!funcs.isEmpty()) needs.add("the verifier checks global functions against their BTF prototypes" + funcs);
        return needs;
    }

    /** " ('a', 'b')" for the named symbols of a type (only global ones when asked); "" when none. */
    private static String names(List<ElfSymbol> symbols, ElfSymbol.Type type, boolean globalOnly) {
        List<String> out = new ArrayList<>();
        for (ElfSymbol sym : symbols) {
            if (sym.type() != type || sym.name().isEmpty() || (globalOnly && !sym.isGlobal())) continue;
            out.add(sym.name());
        }
        return out.isEmpty() ? "" : " ('" + String.join("', '", out) + "')";
    }

    private void maps() {
        if (elf.section("maps").isPresent()) {
            error("legacy 'maps' section (struct bpf_map_def): libbpf 1.0 and later only load BTF-defined maps",
                    "declare maps in section \".maps\" with __uint/__type attributes");
        }
        Optional<ElfSection> maps = elf.section(BpfObject.MAPS);
        if (maps.isEmpty()) return;
        ElfSection ms = maps.get();
        if (ms.isExecutable()) error("section '.maps' is executable: it must hold map definitions, not code", null);
        if (obj.btf == null) return; // reported by btf(): without BTF nothing below can be read
        Optional<BtfType.DataSec> ds = obj.btf.find(BpfObject.MAPS, BtfType.DataSec.class);
        Map<String, BtfType.Var> vars = new HashMap<>();
        if (ds.isEmpty()) {
            error("section '.maps' is not described by BTF (no DATASEC '.maps'): libbpf cannot read the map definitions",
                    "compile with -g so that clang emits BTF for the map variables");
        } else {
            for (BtfType.VarSecInfo vi : ds.get().vars()) {
                BtfType t = obj.btf.type(vi.type());
                if (!(t instanceof BtfType.Var v)) {
                    error("BTF DATASEC '.maps' holds " + obj.btf.describe(vi.type()) + " (" + t.kind() + "), expected map variables", null);
                    continue;
                }
                vars.put(v.name(), v);
            }
        }
        Set<String> symbolNames = new LinkedHashSet<>();
        for (ElfSymbol sym : elf.symbolsIn(ms)) {
            if (sym.type() == ElfSymbol.Type.SECTION || sym.name().isEmpty()) continue;
            symbolNames.add(sym.name());
            if (ds.isPresent() && !vars.containsKey(sym.name())) {
                error("map '" + sym.name() + "' is defined in '.maps' but has no VAR in BTF DATASEC '.maps': libbpf cannot read its definition",
                        "define maps as global variables of an anonymous struct type with SEC(\".maps\") and compile with -g");
            }
        }
        if (ds.isEmpty()) return;
        for (BtfType.VarSecInfo vi : ds.get().vars()) {
            if (!(obj.btf.type(vi.type()) instanceof BtfType.Var v)) continue;
            if (v.name().isEmpty()) {
                error("BTF DATASEC '.maps' holds an unnamed variable", null);
                continue;
            }
            if (v.linkage() == BtfType.Linkage.EXTERN) {
                error("map '" + v.name() + "' is declared extern; libbpf needs the definition in this object", null);
                continue;
            }
            if (!symbolNames.contains(v.name())) {
                error("map '" + v.name() + "' has a BTF VAR in '.maps' but no ELF symbol in section '.maps'", null);
            }
            List<String> problems = new ArrayList<>();
            MapDefs.Def def = MapDefs.parse(obj.btf, v.name(), v.type(), false, problems);
            for (String p : problems) {
                error(p, "declare map attributes with the libbpf macros: __uint(type, ...), __uint(max_entries, N), __type(key, T), __type(value, T), __array(values, struct inner)");
            }
            if (problems.isEmpty()) mapSemantics(def);
        }
    }

    /** Likely load failures that are not format errors. */
    private void mapSemantics(MapDefs.Def def) {
        int type = def.mapType();
        Optional<MapType> mt = MapType.of(type);
        String m = "map '" + def.name() + "'";
        if (mt.isEmpty() || mt.get() == MapType.UNSPEC) {
            warning(m + ": unknown map type " + type + " (not a Linux 6.18 BPF_MAP_TYPE_*); the kernel will probably reject it", null);
            return;
        }
        long max = def.get("max_entries");
        boolean needsMax = switch (mt.get()) {
            case PERF_EVENT_ARRAY, CGROUP_STORAGE, PERCPU_CGROUP_STORAGE, SK_STORAGE, INODE_STORAGE, TASK_STORAGE,
                 CGRP_STORAGE, STRUCT_OPS -> false;
            default -> true;
        };
        if (needsMax && max == 0) warning(m + ": max_entries is 0; the kernel rejects " + mt.get().libbpfName() + " maps without entries", "add __uint(max_entries, N)");
        if ((mt.get() == MapType.RINGBUF || mt.get() == MapType.USER_RINGBUF) && max != 0
                && (Long.bitCount(max) != 1 || max % 4096 != 0)) {
            warning(m + ": ring buffer size " + max + " is not a power of two multiple of the page size (4096)", "use e.g. __uint(max_entries, 256 * 1024)");
        }
    }

    /**
     * Global-data sections as loaders see them. libbpf makes one map per data section name and
     * reads the variables' offsets from BTF; two ELF sections with one name, or variables that
     * overlap in a DATASEC, mean a loader that sets a constant writes another variable's bytes.
     */
    private void dataSections() {
        Map<String, Integer> seen = new java.util.TreeMap<>();
        for (ElfSection s : elf.sections()) {
            if (s.isAlloc() && !s.isExecutable() && isDataSection(s.name())) seen.merge(s.name(), 1, Integer::sum);
        }
        seen.forEach((name, n) -> {
            if (n > 1) error(n + " sections are named '" + name + "': loaders map one section per name, and BTF places "
                    + "the variables of all of them in one DATASEC, so their offsets do not match the bytes",
                    "the object is miscompiled (a mergeable constant got its own section); please report it");
        });
        if (obj.btf == null) return;
        // libbpf ignores a relocatable object's DATASEC offsets (llc writes 0) and takes each
        // variable's offset from its ELF symbol, so that is what is checked.
        for (BtfType t : obj.btf.types()) {
            if (!(t instanceof BtfType.DataSec ds) || !isDataSection(ds.name()) || seen.getOrDefault(ds.name(), 0) != 1) continue;
            ElfSection sec = elf.section(ds.name()).orElseThrow();
            Map<String, ElfSymbol> symbols = new HashMap<>();
            for (ElfSymbol sym : elf.symbolsIn(sec)) if (sym.type() == ElfSymbol.Type.OBJECT) symbols.put(sym.name(), sym);
            record Placed(String name, long offset, long size) {}
            List<Placed> placed = new ArrayList<>();
            for (BtfType.VarSecInfo vi : ds.vars()) {
                if (!(obj.btf.type(vi.type()) instanceof BtfType.Var v) || v.linkage() == BtfType.Linkage.EXTERN) continue;
                ElfSymbol sym = symbols.get(v.name());
                if (sym == null) {
                    error("BTF DATASEC '" + ds.name() + "' lists variable '" + v.name() + "', which has no symbol in section '"
                            + ds.name() + "': libbpf cannot place it", null);
                    continue;
                }
                placed.add(new Placed(v.name(), sym.value(), vi.size()));
            }
            placed.sort(java.util.Comparator.comparingLong(Placed::offset));
            for (int i = 0; i < placed.size(); i++) {
                Placed a = placed.get(i);
                if (a.offset() + a.size() > sec.size()) {
                    error("variable '" + a.name() + "' at offset " + a.offset() + " (" + a.size() + " bytes) lies outside section '"
                            + ds.name() + "' (" + sec.size() + " bytes)", null);
                }
                if (i + 1 < placed.size() && a.offset() + a.size() > placed.get(i + 1).offset()) {
                    Placed b = placed.get(i + 1);
                    error("variables '" + a.name() + "' (offset " + a.offset() + ", " + a.size() + " bytes) and '" + b.name()
                            + "' (offset " + b.offset() + ") overlap in section '" + ds.name() + "': a loader setting one writes the other", null);
                }
            }
        }
    }

    private static boolean isDataSection(String name) {
        for (String p : new String[] {".rodata", ".data", ".bss"}) if (name.equals(p) || name.startsWith(p + ".")) return true;
        return false;
    }

    private void relocations() {
        Map<String, Set<String>> undefined = new java.util.TreeMap<>(); // symbol -> sections, for one error per symbol
        for (ElfSection rs : elf.sections()) {
            if (!rs.isRelocation()) continue;
            ElfSection target = elf.section(rs.info());
            if (!target.isAlloc()) continue; // debug info and BTF relocations are resolved by libbpf itself
            for (ElfRelocation r : elf.relocations(rs)) {
                ElfSymbol sym = r.symbol();
                if (BpfObject.isCode(target) && (r.offset() < 0 || r.offset() + 8 > target.size())) {
                    error(String.format("relocation in '%s' at offset 0x%x against '%s' is outside the section (%d bytes)",
                            target.name(), r.offset(), sym.name(), target.size()), null);
                }
                if (sym.index() == 0 || !sym.isUndefined()) continue;
                if (obj.isKfunc(sym.name()) || obj.isExternVar(sym.name())) continue;
                undefined.computeIfAbsent(sym.name(), k -> new java.util.TreeSet<>()).add(target.name());
            }
        }
        undefined.forEach((name, secs) -> error("undefined symbol '" + name + "' referenced from section" + (secs.size() > 1 ? "s " : " ")
                        + "'" + String.join("', '", secs) + "': it is not defined in this object and is not a kfunc (no extern BTF FUNC '" + name + "' in DATASEC .ksyms)",
                "BPF objects are not linked against libraries: define '" + name + "' in the program, or declare a kernel function as extern ... __ksym"));
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (sb.length() >= 80) return sb.append("...").toString();
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return sb.toString();
    }
}
