package io.tinybpf.codegen;

import io.tinybpf.bpf.MapType;
import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfType;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ElfHeader;
import io.tinybpf.elf.ElfSection;
import io.tinybpf.elf.ElfSymbol;
import io.tinybpf.elf.ObjectLayouts;
import io.tinybpf.elf.ObjectSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Go bindings for cilium/ebpf from a BPF object's ELF and BTF, in the style of bpf2go: a loader
 * for the object (embedded with {@code //go:embed}, or read from a path), typed structs of its
 * programs, maps and variables with {@code ebpf:"name"} tags, Go types for map keys and values,
 * ring-buffer and perf records and global variables with the object's exact layout (asserted at
 * compile time), typed setters for variables and readers for records.
 *
 * <p>Output is deterministic (everything sorted) and already formatted as gofmt prints it.
 */
public final class Bindings {
    /** Little-endian GOARCHes (the BPF object's byte order must match the host's). */
    static final String LITTLE_ENDIAN_ARCHES = "386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64";
    static final String BIG_ENDIAN_ARCHES = "armbe || arm64be || mips || mips64 || mips64p32 || ppc64 || s390 || s390x || sparc || sparc64";

    /**
     * @param name        the exported prefix of every generated identifier ({@code Connect} gives
     *                    {@code LoadConnect}, {@code ConnectObjects}, ...)
     * @param packageName the Go package clause
     * @param embedPath   the object's path relative to the generated file for {@code //go:embed};
     *                    null to generate loaders that take the object's path
     * @param objectName  the object's file name, for comments
     */
    public record Options(String name, String packageName, String embedPath, String objectName) {}

    private Bindings() {}

    /** A data-section variable cilium/ebpf exposes in {@code CollectionSpec.Variables}. */
    private record Variable(String symbol, String field, String section, GoTypes.T type, int btfType) {
        boolean constant() {
            return section.startsWith(".rodata");
        }
    }

    /** A map whose records (ring buffer or perf event array) have a BTF type. */
    private record Event(ObjectSummary.MapInfo map, String field, GoTypes.T type, int btfType) {
        boolean ringbuf() {
            return map.mapType().orElse(null) == MapType.RINGBUF;
        }
    }

    public static String generate(ElfFile elf, Options opt) throws GenerateException {
        ElfHeader h = elf.header();
        if (h.machine() != ElfHeader.EM_BPF) {
            throw new GenerateException(opt.objectName() + " is not a BPF object (ELF machine " + h.machineName() + ")");
        }
        if (!GoIdent.isExported(opt.name())) throw new GenerateException("--name " + opt.name() + " is not an exported Go identifier");
        if (!GoIdent.isIdentifier(opt.packageName()) || opt.packageName().equals("_")) {
            throw new GenerateException("--package " + opt.packageName() + " is not a valid Go package name");
        }
        ObjectSummary summary;
        Btf btf = null;
        try {
            summary = ObjectSummary.summarize(elf);
            Optional<ElfSection> btfSection = elf.section(".BTF");
            if (btfSection.isPresent()) btf = Btf.parse(btfSection.get().contents());
        } catch (BtfFormatException e) {
            throw new GenerateException(opt.objectName() + ": malformed BTF: " + e.getMessage());
        }
        if (summary.programs().isEmpty()) {
            throw new GenerateException(opt.objectName() + " has no programs (no global function in a program section), "
                    + "so there is nothing to load");
        }
        return new Generator(elf, summary, btf, opt).run();
    }

    private static final class Generator {
        final ElfFile elf;
        final ObjectSummary summary;
        final Btf btf;
        final Options opt;
        final String n;
        final String order;
        final Map<String, String> names = new LinkedHashMap<>();
        final GoTypes types;
        final Map<String, String> programFields = new LinkedHashMap<>(), mapFields = new LinkedHashMap<>();
        final List<Variable> variables = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
        final Map<String, GoTypes.T[]> mapTypes = new LinkedHashMap<>(); // map name -> key, value (null when untyped)

        Generator(ElfFile elf, ObjectSummary summary, Btf btf, Options opt) {
            this.elf = elf;
            this.summary = summary;
            this.btf = btf;
            this.opt = opt;
            this.n = opt.name();
            this.order = elf.header().isLittleEndian() ? "binary.LittleEndian" : "binary.BigEndian";
            this.types = btf == null ? null : new GoTypes(btf, n, this::claim);
        }

        void claim(String goName, String origin) throws GoTypes.TypeException {
            String prev = names.putIfAbsent(goName, origin);
            if (prev != null) {
                throw new GoTypes.TypeException(origin + " and " + prev + " both map to the Go name " + goName
                        + (origin.startsWith("BTF") || prev.startsWith("BTF") ? "; rename one of the types in the BPF program" : "")
                        + (prev.startsWith("generated") || origin.startsWith("generated") ? " (--name picks another prefix)" : ""));
            }
        }

        String run() throws GenerateException {
            try {
                collect();
            } catch (GoTypes.TypeException e) {
                throw new GenerateException(opt.objectName() + ": " + e.getMessage());
            }
            return render();
        }

        // ------------------------------------------------------------------ collect

        void collect() throws GoTypes.TypeException {
            for (String s : List.of("Load" + n, "Load" + n + "Objects", n + "Specs", n + "ProgramSpecs", n + "MapSpecs",
                    n + "VariableSpecs", n + "Objects", n + "Programs", n + "Maps", n + "Variables")) {
                claim(s, "generated " + s);
            }
            if (opt.embedPath() != null) claim("_" + n + "Object", "generated _" + n + "Object");
            for (String s : List.of("_" + n + "CheckTypes", "_" + n + "Layout", "_" + n + "Members")) claim(s, "generated " + s);
            Map<String, String> fields = new LinkedHashMap<>(); // Go field -> what, across the embedded structs
            for (ObjectSummary.Program p : sorted(summary.programs(), ObjectSummary.Program::name)) {
                programFields.put(p.name(), field(fields, p.name(), "program"));
            }
            for (ObjectSummary.MapInfo m : summary.maps()) mapFields.put(m.name(), field(fields, m.name(), "map"));
            for (var e : programFields.entrySet()) claim(n + "Program" + e.getValue(), "the name constant of program " + e.getKey());
            for (var e : mapFields.entrySet()) claim(n + "Map" + e.getValue(), "the name constant of map " + e.getKey());

            // map keys and values, then records, then variables: the order that names anonymous types
            for (ObjectSummary.MapInfo m : summary.maps()) {
                String f = mapFields.get(m.name());
                GoTypes.T key = m.keyTypeId() != 0 && types != null ? types.of(m.keyTypeId(), f + "Key") : null;
                GoTypes.T value = m.valueTypeId() != 0 && types != null ? types.of(m.valueTypeId(), f + "Value") : null;
                mapTypes.put(m.name(), new GoTypes.T[] {key, value});
            }
            if (btf != null) {
                for (Map.Entry<String, Integer> a : btf.eventTypes().entrySet()) {
                    Optional<ObjectSummary.MapInfo> m = summary.map(a.getKey());
                    if (m.isEmpty()) continue; // an anchor without its map: nothing to read records from
                    String f = mapFields.get(a.getKey());
                    events.add(new Event(m.get(), f, types.of(a.getValue(), f + "Event"), a.getValue()));
                }
            }
            for (Event e : events) {
                if (!e.ringbuf() && e.map().mapType().orElse(null) != MapType.PERF_EVENT_ARRAY) continue;
                claim("Read" + n + e.field(), "the record reader of map " + e.map().name());
                claim("Decode" + n + e.field(), "the record decoder of map " + e.map().name());
            }
            Map<String, String> varFields = new LinkedHashMap<>();
            for (ElfSymbol sym : dataSymbols()) {
                String f = field(varFields, sym.name(), "variable");
                if (fields.containsKey(f)) {
                    throw new GoTypes.TypeException("variable " + sym.name() + " and " + fields.get(f) + " both map to the Go field name " + f);
                }
                int btfType = variableBtfType(sym);
                GoTypes.T t = btfType != 0 ? types.of(btfType, f) : GoTypes.bytes(sym.size());
                variables.add(new Variable(sym.name(), f, sym.sectionName(), t, btfType));
                claim(n + "Variable" + f, "the name constant of variable " + sym.name());
                claim("Set" + n + f, "the setter of variable " + sym.name());
            }
        }

        /** A Go field name for an object symbol; unique among {@code seen}, never {@code Close}. */
        static String field(Map<String, String> seen, String symbol, String what) throws GoTypes.TypeException {
            String f = GoIdent.exported(symbol);
            if (f.isEmpty()) throw new GoTypes.TypeException(what + " '" + symbol + "' has no letters or digits to name a Go field after");
            if (f.equals("Close")) {
                throw new GoTypes.TypeException(what + " " + symbol + " would be the Go field Close, which the generated Close method needs");
            }
            String prev = seen.putIfAbsent(f, what + " " + symbol);
            if (prev != null) throw new GoTypes.TypeException(what + " " + symbol + " and " + prev + " both map to the Go field name " + f);
            return f;
        }

        /**
         * The variables cilium/ebpf lists in {@code CollectionSpec.Variables} (a struct field for one
         * it does not list makes LoadAndAssign fail): per data section ({@code .bss}, {@code .data*},
         * {@code .rodata*}) the named NOTYPE/OBJECT symbol at each offset (the last one in the
         * symbol table, as cilium keys them by offset), if global or weak, visible and not
         * starting with a dot.
         */
        List<ElfSymbol> dataSymbols() {
            Map<String, ElfSymbol> byOffset = new LinkedHashMap<>();
            for (ElfSymbol s : elf.symbols()) {
                if (s.index() == 0 || !s.isInSection() || s.name().isEmpty()) continue;
                if (s.type() != ElfSymbol.Type.OBJECT && s.type() != ElfSymbol.Type.NOTYPE) continue;
                String sec = s.sectionName();
                if (!(sec.equals(".bss") || sec.startsWith(".data") || sec.startsWith(".rodata"))) continue;
                byOffset.put(s.shndx() + ":" + s.value(), s);
            }
            List<ElfSymbol> out = new ArrayList<>();
            for (ElfSymbol s : byOffset.values()) {
                if (!s.isGlobal() || s.name().startsWith(".")) continue;
                if (s.visibility() == ElfSymbol.Visibility.HIDDEN || s.visibility() == ElfSymbol.Visibility.INTERNAL) continue;
                out.add(s);
            }
            out.sort(Comparator.comparing(ElfSymbol::name));
            return out;
        }

        /** The BTF type of a data-section variable whose size matches its symbol, else 0 (then it is bytes). */
        int variableBtfType(ElfSymbol sym) {
            if (btf == null) return 0;
            Optional<BtfType.DataSec> ds = btf.find(sym.sectionName(), BtfType.DataSec.class);
            if (ds.isEmpty()) return 0;
            for (BtfType.VarSecInfo vi : ds.get().vars()) {
                if (btf.type(vi.type()) instanceof BtfType.Var v && v.name().equals(sym.name())) {
                    if (sym.size() == 0 || btf.sizeOf(v.type()).orElse(-1) == sym.size()) return v.type();
                }
            }
            return 0;
        }

        static <T> List<T> sorted(List<T> in, java.util.function.Function<T, String> key) {
            List<T> out = new ArrayList<>(in);
            out.sort(Comparator.comparing(key));
            return out;
        }

        // ------------------------------------------------------------------ render

        String render() {
            boolean embed = opt.embedPath() != null;
            List<GoTypes.Decl> decls = types == null ? List.of() : types.decls();
            boolean ring = events.stream().anyMatch(Event::ringbuf);
            boolean perf = events.stream().anyMatch(e -> e.map().mapType().orElse(null) == MapType.PERF_EVENT_ARRAY);
            boolean decode = ring || perf;

            GoSource g = new GoSource();
            g.line("// Code generated by tinybpf; DO NOT EDIT.");
            g.line("// Source: " + opt.objectName() + " (Go bindings for github.com/cilium/ebpf v0.17 or newer).");
            g.blank();
            g.line("//go:build " + (elf.header().isLittleEndian() ? LITTLE_ENDIAN_ARCHES : BIG_ENDIAN_ARCHES));
            g.blank();
            g.line("package " + opt.packageName());
            g.blank();

            boolean checks = !typeChecks().isEmpty();
            TreeSet<String> std = new TreeSet<>();
            std.add("errors");
            std.add("fmt");
            if (checks) std.add("strings");
            if (embed || decode) std.add("bytes");
            if (embed) std.add("embed");
            if (decode) std.add("encoding/binary");
            if (!decls.isEmpty()) std.add("unsafe");
            TreeSet<String> third = new TreeSet<>();
            third.add("github.com/cilium/ebpf");
            if (checks) third.add("github.com/cilium/ebpf/btf");
            if (perf) third.add("github.com/cilium/ebpf/perf");
            if (ring) third.add("github.com/cilium/ebpf/ringbuf");
            g.open("import (");
            for (String s : std) g.line(s.equals("embed") ? "_ \"embed\"" : GoIdent.quote(s));
            g.blank();
            for (String s : third) g.line(GoIdent.quote(s));
            g.close(")");
            g.blank();

            names(g);
            loaders(g, embed);
            specs(g);
            objects(g);
            setters(g);
            readers(g);
            for (GoTypes.Decl d : decls) {
                d.render(g);
                g.blank();
            }
            layoutChecks(g, decls);
            if (checks) typeCheckFunctions(g);
            if (embed) {
                g.line("//go:embed " + embedPattern(opt.embedPath()));
                g.line("var _" + n + "Object []byte");
            }
            String out = g.toString();
            while (out.endsWith("\n\n")) out = out.substring(0, out.length() - 1);
            return out;
        }

        void names(GoSource g) {
            g.line("// Names of the object's programs, maps and variables, as CollectionSpec keys them.");
            g.open("const (");
            for (var e : programFields.entrySet()) g.row(n + "Program" + e.getValue(), "= " + GoIdent.quote(e.getKey()));
            for (var e : mapFields.entrySet()) g.row(n + "Map" + e.getValue(), "= " + GoIdent.quote(e.getKey()));
            for (Variable v : variables) g.row(n + "Variable" + v.field(), "= " + GoIdent.quote(v.symbol()));
            g.close(")");
            g.blank();
        }

        void loaders(GoSource g, boolean embed) {
            String obj = opt.objectName();
            if (embed) {
                g.line("// Load" + n + " returns the CollectionSpec of the embedded object " + obj + ".");
                g.open("func Load" + n + "() (*ebpf.CollectionSpec, error) {");
                g.line("spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(_" + n + "Object))");
            } else {
                g.line("// Load" + n + " reads the object (built as " + obj + ") from path and returns its CollectionSpec.");
                g.open("func Load" + n + "(path string) (*ebpf.CollectionSpec, error) {");
                g.line("spec, err := ebpf.LoadCollectionSpec(path)");
            }
            g.open("if err != nil {");
            g.line("return nil, fmt.Errorf(\"loading " + escapeFormat(obj) + ": %w\", err)");
            g.close("}");
            if (!typeChecks().isEmpty()) {
                g.open("if err := _" + n + "CheckTypes(spec); err != nil {");
                g.line("return nil, fmt.Errorf(\"loading " + escapeFormat(obj) + ": %w\", err)");
                g.close("}");
            }
            g.line("return spec, nil");
            g.close("}");
            g.blank();
            g.line("// Load" + n + "Objects loads the " + (embed ? "embedded object" : "object at path")
                    + " into the kernel and assigns its programs, maps and");
            g.line("// variables to obj. opts may be nil. Close obj when done.");
            g.open("func Load" + n + "Objects(" + (embed ? "" : "path string, ") + "obj *" + n + "Objects, opts *ebpf.CollectionOptions) error {");
            g.line("spec, err := Load" + n + "(" + (embed ? "" : "path") + ")");
            g.open("if err != nil {");
            g.line("return err");
            g.close("}");
            g.line("return spec.LoadAndAssign(obj, opts)");
            g.close("}");
            g.blank();
        }

        void specs(GoSource g) {
            g.line("// " + n + "Specs holds the object's specs before loading (CollectionSpec.Assign fills it in).");
            g.open("type " + n + "Specs struct {");
            g.line(n + "ProgramSpecs");
            g.line(n + "MapSpecs");
            g.line(n + "VariableSpecs");
            g.close("}");
            g.blank();
            struct(g, n + "ProgramSpecs", "the object's program specs.", programFields, "*ebpf.ProgramSpec", null);
            struct(g, n + "MapSpecs", "the object's map specs.", mapFields, "*ebpf.MapSpec", null);
            struct(g, n + "VariableSpecs", "the object's variable specs.", variableFields(), "*ebpf.VariableSpec", null);
        }

        Map<String, String> variableFields() {
            Map<String, String> m = new LinkedHashMap<>();
            for (Variable v : variables) m.put(v.symbol(), v.field());
            return m;
        }

        void struct(GoSource g, String name, String what, Map<String, String> fields, String type, Map<String, String> docs) {
            g.line("// " + name + " holds " + what);
            if (fields.isEmpty()) {
                g.line("type " + name + " struct{}");
                g.blank();
                return;
            }
            g.open("type " + name + " struct {");
            for (var e : fields.entrySet()) {
                if (docs != null && docs.containsKey(e.getKey())) g.doc(docs.get(e.getKey()));
                g.row(e.getValue(), type, "`ebpf:" + GoIdent.quote(e.getKey()) + "`");
            }
            g.close("}");
            g.blank();
        }

        void objects(GoSource g) {
            g.line("// " + n + "Objects holds the loaded object (Load" + n + "Objects or CollectionSpec.LoadAndAssign fills it in).");
            g.open("type " + n + "Objects struct {");
            g.line(n + "Programs");
            g.line(n + "Maps");
            g.line(n + "Variables");
            g.close("}");
            g.blank();
            g.line("// Close closes the object's programs and maps.");
            g.open("func (o *" + n + "Objects) Close() error {");
            g.line("return errors.Join(o." + n + "Programs.Close(), o." + n + "Maps.Close())");
            g.close("}");
            g.blank();

            Map<String, String> progDocs = new LinkedHashMap<>();
            for (ObjectSummary.Program p : summary.programs()) {
                progDocs.put(p.name(), programFields.get(p.name()) + " is the " + p.programTypeName() + " program " + p.name()
                        + " (section " + p.section() + ").");
            }
            struct(g, n + "Programs", "the object's programs.", programFields, "*ebpf.Program", progDocs);
            closeMethod(g, n + "Programs", programFields.values(), "programs");

            Map<String, String> mapDocs = new LinkedHashMap<>();
            for (ObjectSummary.MapInfo m : summary.maps()) mapDocs.put(m.name(), mapDoc(m));
            struct(g, n + "Maps", "the object's maps.", mapFields, "*ebpf.Map", mapDocs);
            closeMethod(g, n + "Maps", mapFields.values(), "maps");

            Map<String, String> varDocs = new LinkedHashMap<>();
            for (Variable v : variables) {
                varDocs.put(v.symbol(), v.field() + " is " + v.symbol() + " (" + v.type().expr() + ") in " + v.section()
                        + (v.constant() ? ": read-only once loaded." : "."));
            }
            struct(g, n + "Variables", "the object's global variables.", variableFields(), "*ebpf.Variable", varDocs);
        }

        String mapDoc(ObjectSummary.MapInfo m) {
            String f = mapFields.get(m.name());
            StringBuilder sb = new StringBuilder(f + " is the " + m.typeName() + " map " + m.name());
            Optional<Event> ev = events.stream().filter(e -> e.map() == m).findFirst();
            MapType t = m.mapType().orElse(null);
            if (t == MapType.RINGBUF) {
                sb.append(" (").append(m.maxEntries()).append(" bytes)");
            } else if (t != MapType.PERF_EVENT_ARRAY) {
                GoTypes.T[] kv = mapTypes.get(m.name());
                sb.append(": key ").append(kv[0] != null ? kv[0].expr() : m.keySize() + " bytes")
                        .append(", value ").append(kv[1] != null ? kv[1].expr() : m.valueSize() + " bytes")
                        .append(", ").append(m.maxEntries()).append(m.maxEntries() == 1 ? " entry" : " entries");
                if (t != null && t.name().contains("PERCPU")) sb.append(" (one value per CPU)");
            }
            if (ev.isPresent() && (t == MapType.RINGBUF || t == MapType.PERF_EVENT_ARRAY)) {
                sb.append(";\nits records are ").append(ev.get().type().expr()).append(" (Read").append(n).append(f)
                        .append(" and Decode").append(n).append(f).append(" decode them)");
            }
            return sb.append('.').toString();
        }

        void closeMethod(GoSource g, String type, java.util.Collection<String> fields, String what) {
            g.line("// Close closes the " + what + ".");
            g.open("func (x *" + type + ") Close() error {");
            if (fields.isEmpty()) {
                g.line("return nil");
            } else if (fields.size() == 1) {
                g.line("return x." + fields.iterator().next() + ".Close()");
            } else {
                g.open("return errors.Join(");
                for (String f : fields) g.line("x." + f + ".Close(),");
                g.close(")");
            }
            g.close("}");
            g.blank();
        }

        void setters(GoSource g) {
            for (Variable v : variables) {
                String t = v.type().expr();
                g.line("// Set" + n + v.field() + " sets " + v.symbol() + " (" + t + ", " + v.section() + ") in spec; call it before loading.");
                if (v.constant()) {
                    g.line("// The value is a constant of the loaded program (a //go:extern variable in tinybpf's Go).");
                }
                g.open("func Set" + n + v.field() + "(spec *ebpf.CollectionSpec, value " + t + ") error {");
                g.line("v, ok := spec.Variables[" + GoIdent.quote(v.symbol()) + "]");
                g.open("if !ok {");
                g.line("return errors.New(" + GoIdent.quote("variable " + v.symbol() + " is not in the CollectionSpec") + ")");
                g.close("}");
                g.line("return v.Set(value)");
                g.close("}");
                g.blank();
            }
        }

        void readers(GoSource g) {
            for (Event e : events) {
                boolean ring = e.ringbuf();
                if (!ring && e.map().mapType().orElse(null) != MapType.PERF_EVENT_ARRAY) continue;
                String t = e.type().expr(), f = e.field(), map = e.map().name();
                long size = e.type().size(), want = recordSize(e);
                g.line("// Decode" + n + f + " decodes one record of " + map + " as the BPF program wrote it. A record of");
                g.line("// another size than " + want + " bytes " + (want == size ? "" : "(" + size + " and the kernel's padding of perf samples) ")
                        + "was written with another type: regenerate with tinybpf generate.");
                g.open("func Decode" + n + f + "(b []byte) (" + t + ", error) {");
                g.line("var v " + t);
                g.open("if len(b) != " + want + " {");
                g.line("return v, fmt.Errorf(\"" + escapeFormat(map) + " record of %d bytes, want " + want
                        + " (" + escapeFormat(t) + "): regenerate with tinybpf generate\", len(b))");
                g.close("}");
                g.line("err := binary.Read(bytes.NewReader(b[:" + size + "]), " + order + ", &v)");
                g.line("return v, err");
                g.close("}");
                g.blank();
                if (ring) {
                    g.line("// Read" + n + f + " waits for the next record of ring buffer " + map + " and decodes it.");
                    g.open("func Read" + n + f + "(rd *ringbuf.Reader) (" + t + ", error) {");
                    g.line("rec, err := rd.Read()");
                    g.open("if err != nil {");
                    g.line("var zero " + t);
                    g.line("return zero, err");
                    g.close("}");
                    g.line("return Decode" + n + f + "(rec.RawSample)");
                } else {
                    g.line("// Read" + n + f + " waits for the next sample of perf event array " + map + " and decodes it. When");
                    g.line("// the kernel dropped samples instead, it returns their number and a zero record.");
                    g.open("func Read" + n + f + "(rd *perf.Reader) (" + t + ", uint64, error) {");
                    g.line("var zero " + t);
                    g.line("rec, err := rd.Read()");
                    g.open("if err != nil {");
                    g.line("return zero, 0, err");
                    g.close("}");
                    g.open("if rec.LostSamples > 0 {");
                    g.line("return zero, rec.LostSamples, nil");
                    g.close("}");
                    g.line("v, err := Decode" + n + f + "(rec.RawSample)");
                    g.line("return v, 0, err");
                }
                g.close("}");
                g.blank();
            }
        }

        void layoutChecks(GoSource g, List<GoTypes.Decl> decls) {
            if (decls.isEmpty()) return;
            g.line("// The types above have the object's layout (BTF sizes and offsets); an \"invalid argument: index");
            g.line("// out of bounds\" or \"overflows\" error below means they no longer do.");
            g.open("func _() {");
            g.line("var x [1]struct{}");
            for (GoTypes.Decl d : decls) {
                for (String[] c : d.checks()) {
                    g.line("_ = x[" + c[0] + (c[1].equals("0") ? "" : "-" + c[1]) + "]");
                }
            }
            g.close("}");
            g.blank();
        }

        /**
         * The exact size of one record as a reader receives it: the type's size for ring buffers;
         * for perf event arrays the kernel pads the raw sample so that its 4-byte size header and
         * the data end on an 8-byte boundary.
         */
        static long recordSize(Event e) {
            long size = e.type().size();
            return e.ringbuf() ? size : (size + 4 + 7) / 8 * 8 - 4;
        }

        /** One type the bindings decode, checked against the object's BTF at load. */
        record TypeCheck(String what, String lookup, String layout) {}

        List<TypeCheck> checks;

        /** Map keys and values, records and the variables the bindings expose with BTF types (ObjectLayouts' order). */
        List<TypeCheck> typeChecks() {
            if (checks != null) return checks;
            List<TypeCheck> out = new ArrayList<>();
            java.util.Set<String> typedVars = new java.util.HashSet<>();
            for (Variable v : variables) if (v.btfType() != 0) typedVars.add(v.symbol());
            java.util.Set<String> eventMaps = new java.util.HashSet<>();
            for (Event e : events) eventMaps.add(e.map().name());
            for (ObjectLayouts.Entry e : ObjectLayouts.of(elf, summary, btf)) {
                String lookup = switch (e.kind()) {
                    case MAP_KEY -> "map:" + e.name() + ":Key";
                    case MAP_VALUE -> "map:" + e.name() + ":Value";
                    case RECORD -> eventMaps.contains(e.name()) ? "event:" + Btf.EVENT_ANCHOR + e.name() : null;
                    case VARIABLE -> typedVars.contains(e.name()) ? "var:" + e.name() : null;
                };
                if (lookup != null) out.add(new TypeCheck(e.what(), lookup, e.layout()));
            }
            return checks = out;
        }

        void typeCheckFunctions(GoSource g) {
            g.line("// _" + n + "CheckTypes compares the BTF layout of every type these bindings decode or set with the");
            g.line("// object's, so an object rebuilt with changed types fails to load instead of being misread.");
            g.open("func _" + n + "CheckTypes(spec *ebpf.CollectionSpec) error {");
            g.line("var errs []error");
            g.open("check := func(what string, t btf.Type, want string) {");
            g.open("if got := _" + n + "Layout(t, 0); got != want {");
            g.line("errs = append(errs, fmt.Errorf(\"%s changed since these bindings were generated (object: %s, bindings: %s)\", what, got, want))");
            g.close("}");
            g.close("}");
            boolean events = typeChecks().stream().anyMatch(c -> c.lookup().startsWith("event:"));
            if (events) {
                g.open("if spec.Types == nil {");
                g.line("return errors.New(\"the object has no BTF, so its record types cannot be checked: regenerate with tinybpf generate\")");
                g.close("}");
            }
            for (TypeCheck c : typeChecks()) {
                String[] l = c.lookup().split(":", 3);
                switch (l[0]) {
                    case "map" -> {
                        g.open("if m, ok := spec.Maps[" + GoIdent.quote(l[1]) + "]; ok {");
                        g.line("check(" + GoIdent.quote(c.what()) + ", m." + l[2] + ", " + GoIdent.quote(c.layout()) + ")");
                        g.close("} else {").indent();
                        g.line("errs = append(errs, errors.New(" + GoIdent.quote("map " + l[1] + " is missing") + "))");
                        g.close("}");
                    }
                    case "event" -> {
                        g.open("if t, err := spec.Types.AnyTypeByName(" + GoIdent.quote(l[1]) + "); err == nil {");
                        g.open("if v, ok := t.(*btf.Var); ok {");
                        g.line("check(" + GoIdent.quote(c.what()) + ", v.Type, " + GoIdent.quote(c.layout()) + ")");
                        g.close("}");
                        g.close("} else {").indent();
                        g.line("errs = append(errs, errors.New(" + GoIdent.quote(c.what() + " is missing") + "))");
                        g.close("}");
                    }
                    default -> {
                        g.open("if v, ok := spec.Variables[" + GoIdent.quote(l[1]) + "]; ok && v.Type() != nil {");
                        g.line("check(" + GoIdent.quote(c.what()) + ", v.Type().Type, " + GoIdent.quote(c.layout()) + ")");
                        g.close("} else {").indent();
                        g.line("errs = append(errs, errors.New(" + GoIdent.quote(c.what() + " is missing") + "))");
                        g.close("}");
                    }
                }
            }
            g.open("if len(errs) > 0 {");
            g.line("return fmt.Errorf(\"%w\\nregenerate with tinybpf generate\", errors.Join(errs...))");
            g.close("}");
            g.line("return nil");
            g.close("}");
            g.blank();
            g.line("// _" + n + "Layout describes a type's layout as tinybpf generate does (io.tinybpf.btf.BtfLayout):");
            g.line("// sizes, bit offsets, member names and integer signedness; typedefs, qualifiers and type names");
            g.line("// do not count.");
            g.open("func _" + n + "Layout(t btf.Type, depth int) string {");
            g.open("if depth > 16 {");
            g.line("return \"...\"");
            g.close("}");
            g.line("switch v := btf.UnderlyingType(t).(type) {");
            g.line("case *btf.Int:");
            g.indent();
            g.line("switch {");
            goCase(g, "v.Encoding&btf.Bool != 0", "fmt.Sprintf(\"b%d\", v.Size)");
            goCase(g, "v.Encoding&btf.Signed != 0", "fmt.Sprintf(\"i%d\", v.Size)");
            g.line("}");
            g.line("return fmt.Sprintf(\"u%d\", v.Size)");
            g.dedent();
            g.line("case *btf.Enum:");
            g.indent();
            g.open("if v.Signed {");
            g.line("return fmt.Sprintf(\"e%di\", v.Size)");
            g.close("}");
            g.line("return fmt.Sprintf(\"e%du\", v.Size)");
            g.dedent();
            goCase(g, "*btf.Float", "fmt.Sprintf(\"f%d\", v.Size)");
            goCase(g, "*btf.Pointer", "\"p\"");
            goCase(g, "*btf.Array", "fmt.Sprintf(\"[%d]%s\", v.Nelems, _" + n + "Layout(v.Type, depth+1))");
            goCase(g, "*btf.Struct", "_" + n + "Members(\"s\", v.Size, v.Members, depth)");
            goCase(g, "*btf.Union", "_" + n + "Members(\"n\", v.Size, v.Members, depth)");
            g.line("}");
            g.line("return \"?\"");
            g.close("}");
            g.blank();
            g.open("func _" + n + "Members(kind string, size uint32, members []btf.Member, depth int) string {");
            g.line("var b strings.Builder");
            g.line("fmt.Fprintf(&b, \"%s%d{\", kind, size)");
            g.open("for i, m := range members {");
            g.open("if i > 0 {");
            g.line("b.WriteByte(',')");
            g.close("}");
            g.line("fmt.Fprintf(&b, \"%s@%d\", m.Name, m.Offset)");
            g.open("if m.BitfieldSize != 0 {");
            g.line("fmt.Fprintf(&b, \":%d\", m.BitfieldSize)");
            g.close("}");
            g.line("b.WriteByte('=')");
            g.line("b.WriteString(_" + n + "Layout(m.Type, depth+1))");
            g.close("}");
            g.line("b.WriteByte('}')");
            g.line("return b.String()");
            g.close("}");
            g.blank();
        }

        /** {@code case <label>:} with a body that returns {@code value} (gofmt puts case level with its switch). */
        static void goCase(GoSource g, String label, String value) {
            g.line("case " + label + ":");
            g.indent();
            g.line("return " + value);
            g.dedent();
        }

        static String escapeFormat(String s) {
            String q = GoIdent.quote(s);
            return q.substring(1, q.length() - 1).replace("%", "%%");
        }

        static String embedPattern(String path) {
            boolean plain = path.chars().allMatch(c -> GoIdent.isAsciiAlnum((char) c) || c == '.' || c == '_' || c == '-' || c == '/');
            return plain ? path : GoIdent.quote(path);
        }
    }
}
