package io.tinybpf.codegen;

import io.tinybpf.bpf.MapType;
import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ElfHeader;
import io.tinybpf.elf.ElfSection;
import io.tinybpf.elf.ObjectLayouts;
import io.tinybpf.elf.ObjectSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Java bindings for a BPF object — the Java counterpart of bpf2go, on tinybpf's FFM kernel
 * package ({@code io.tinybpf.kernel}): one class per object with
 * <ul>
 *   <li>{@code open(Path)} / {@code open()} (the object as a class-path resource beside the class),
 *       which first compare the object's BTF layouts with the ones the bindings were generated for
 *       ({@link ObjectLayouts#check}), and {@code load()};</li>
 *   <li>an accessor per program ({@code BpfProgram}), a typed wrapper per map with BTF key and value
 *       types ({@code lookup}/{@code update}/{@code delete}/{@code entries} in records and
 *       primitives; one value per CPU for per-CPU maps), and the raw {@code BpfMap} for the
 *       others;</li>
 *   <li>{@code read<Map>(handler)} for ring buffers and perf event arrays with an {@code Event}
 *       type, decoding each record (exactly its size) into a record;</li>
 *   <li>a setter and a getter per global variable ({@code //go:extern} loader constants);</li>
 *   <li>a nested record per struct type, with its exact FFM {@code StructLayout} and
 *       {@code decode}/{@code encode}.</li>
 * </ul>
 * Output is deterministic.
 */
public final class JavaBindings {
    /**
     * @param className   the generated class ({@code ConnectBpf})
     * @param packageName its package ({@code com.example.probe})
     * @param objectName  the object's file name: the class-path resource {@code open()} reads, and comments
     */
    public record Options(String className, String packageName, String objectName) {}

    private JavaBindings() {}

    public static String generate(ElfFile elf, Options opt) throws GenerateException {
        ElfHeader h = elf.header();
        if (h.machine() != ElfHeader.EM_BPF) {
            throw new GenerateException(opt.objectName() + " is not a BPF object (ELF machine " + h.machineName() + ")");
        }
        if (!JavaIdent.isIdentifier(opt.className()) || !Character.isUpperCase(opt.className().charAt(0))) {
            throw new GenerateException("--name " + opt.className() + " is not a Java class name (e.g. ConnectBpf)");
        }
        if (!JavaIdent.isPackageName(opt.packageName())) throw new GenerateException("--package " + opt.packageName() + " is not a Java package name");
        ObjectSummary summary;
        Btf btf = null;
        try {
            summary = ObjectSummary.summarize(elf);
            Optional<ElfSection> sec = elf.section(".BTF");
            if (sec.isPresent()) btf = Btf.parse(sec.get().contents());
        } catch (BtfFormatException e) {
            throw new GenerateException(opt.objectName() + ": malformed BTF: " + e.getMessage());
        }
        if (summary.programs().isEmpty()) {
            throw new GenerateException(opt.objectName() + " has no programs (no global function in a program section), so there is nothing to load");
        }
        try {
            return new Generator(elf, summary, btf, opt).run();
        } catch (JavaTypes.TypeException e) {
            throw new GenerateException(opt.objectName() + ": " + e.getMessage());
        }
    }

    /** A typed map: key and value types (null when the map has none). */
    private record TypedMap(ObjectSummary.MapInfo map, String method, String wrapper, JavaTypes.T key, JavaTypes.T value, boolean perCpu) {}

    private record Event(ObjectSummary.MapInfo map, String method, JavaTypes.T type, boolean ring) {}

    private record Variable(String symbol, String suffix, JavaTypes.T type, boolean constant) {}

    private static final class Generator {
        final ElfFile elf;
        final ObjectSummary summary;
        final Btf btf;
        final Options opt;
        final String cls;
        final Set<String> types = new HashSet<>();
        final Set<String> methods = new HashSet<>(Set.of("open", "load", "close", "object", "length", "equals", "hashCode", "toString",
                "getClass", "wait", "notify", "notifyAll"));
        final JavaTypes jt;
        final Map<String, String> programs = new LinkedHashMap<>(); // program -> method
        final List<TypedMap> maps = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
        final List<Variable> variables = new ArrayList<>();
        final List<ObjectLayouts.Entry> layouts = new ArrayList<>();
        final StringBuilder sb = new StringBuilder();
        int indent;

        Generator(ElfFile elf, ObjectSummary summary, Btf btf, Options opt) {
            this.elf = elf;
            this.summary = summary;
            this.btf = btf;
            this.opt = opt;
            this.cls = opt.className();
            types.add(cls);
            types.addAll(JavaTypes.RESERVED_TYPES);
            this.jt = btf == null ? null : new JavaTypes(btf, types);
        }

        String method(String base, String what) throws JavaTypes.TypeException {
            if (base.isEmpty()) throw new JavaTypes.TypeException(what + " has no letters or digits to name a method after");
            if (!methods.add(base)) throw new JavaTypes.TypeException(what + " maps to the method name " + base + ", which another name already has");
            return base;
        }

        String run() throws JavaTypes.TypeException {
            collect();
            render();
            return sb.toString();
        }

        void collect() throws JavaTypes.TypeException {
            List<ObjectSummary.Program> progs = new ArrayList<>(summary.programs());
            progs.sort(Comparator.comparing(ObjectSummary.Program::name));
            for (ObjectSummary.Program p : progs) programs.put(p.name(), method(JavaIdent.lowerCamel(p.name()), "program " + p.name()));
            Map<String, Integer> eventTypes = btf == null ? Map.of() : btf.eventTypes();
            for (ObjectSummary.MapInfo m : summary.maps()) {
                String base = JavaIdent.lowerCamel(m.name());
                String wrapper = JavaIdent.upperCamel(m.name()) + "Map";
                MapType t = m.mapType().orElse(null);
                boolean stream = t == MapType.RINGBUF || t == MapType.PERF_EVENT_ARRAY;
                JavaTypes.T key = !stream && jt != null && m.keyTypeId() != 0 ? jt.of(m.keyTypeId(), JavaIdent.upperCamel(m.name()) + "Key") : null;
                JavaTypes.T value = !stream && jt != null && m.valueTypeId() != 0
                        ? jt.of(m.valueTypeId(), JavaIdent.upperCamel(m.name()) + "Value") : null;
                boolean typed = key != null && value != null && t != MapType.PROG_ARRAY && m.inner().isEmpty();
                if (typed && !types.add(wrapper)) throw new JavaTypes.TypeException("map " + m.name() + " maps to the class name " + wrapper + ", which is taken");
                maps.add(new TypedMap(m, method(base, "map " + m.name()), typed ? wrapper : null, typed ? key : null, typed ? value : null,
                        t != null && t.name().contains("PERCPU")));
                if (stream && eventTypes.containsKey(m.name())) {
                    JavaTypes.T et = jt.of(eventTypes.get(m.name()), JavaIdent.upperCamel(m.name()) + "Event");
                    events.add(new Event(m, method("read" + JavaIdent.upperCamel(m.name()), "the record reader of map " + m.name()), et,
                            t == MapType.RINGBUF));
                }
            }
            if (btf != null) {
                Set<String> typedVars = new HashSet<>();
                for (ObjectLayouts.Entry e : ObjectLayouts.of(elf, summary, btf)) {
                    if (e.kind() != ObjectLayouts.Kind.VARIABLE) {
                        layouts.add(e);
                        continue;
                    }
                    if (!typedVars.add(e.name())) continue;
                    JavaTypes.T t = jt.of(e.typeId(), JavaIdent.upperCamel(e.name()));
                    if (t.size() == 0) continue;
                    String suffix = JavaIdent.upperCamel(e.name());
                    method("set" + suffix, "the setter of variable " + e.name());
                    method(JavaIdent.lowerCamel(e.name()), "the getter of variable " + e.name());
                    String section = variableSection(e.name());
                    variables.add(new Variable(e.name(), suffix, t, section.startsWith(".rodata")));
                    layouts.add(e);
                }
            }
            // only what the bindings decode is checked at open
            layouts.removeIf(e -> switch (e.kind()) {
                case MAP_KEY, MAP_VALUE -> maps.stream().noneMatch(m -> m.wrapper() != null && m.map().name().equals(e.name()));
                case RECORD -> events.stream().noneMatch(ev -> ev.map().name().equals(e.name()));
                case VARIABLE -> false;
            });
        }

        String variableSection(String var) {
            for (var t : btf.types()) {
                if (t instanceof io.tinybpf.btf.BtfType.DataSec ds) {
                    for (var vi : ds.vars()) {
                        if (btf.type(vi.type()) instanceof io.tinybpf.btf.BtfType.Var v && v.name().equals(var)) return ds.name();
                    }
                }
            }
            return "";
        }

        // ------------------------------------------------------------------ output

        void line(String s) {
            if (s.isEmpty()) sb.append('\n');
            else sb.append("    ".repeat(indent)).append(s).append('\n');
        }

        void open(String s) {
            line(s);
            indent++;
        }

        void close(String s) {
            indent--;
            line(s);
        }

        void doc(String... lines) {
            if (lines.length == 1) {
                line("/** " + lines[0] + " */");
                return;
            }
            line("/**");
            for (String l : lines) line(l.isEmpty() ? " *" : " * " + l);
            line(" */");
        }

        void render() {
            boolean le = elf.header().isLittleEndian();
            line("// Code generated by tinybpf; DO NOT EDIT.");
            line("// Source: " + opt.objectName() + " (Java bindings for io.tinybpf:tinybpf, on its FFM kernel package; Java 22 or newer).");
            line("");
            line("package " + opt.packageName() + ";");
            line("");
            for (String i : List.of("io.tinybpf.elf.ObjectLayouts", "io.tinybpf.kernel.BpfMap", "io.tinybpf.kernel.BpfObject",
                    "io.tinybpf.kernel.BpfProgram", "io.tinybpf.kernel.OpenOptions", "io.tinybpf.kernel.PerfBufferReader",
                    "io.tinybpf.kernel.RingBufferReader", "io.tinybpf.util.TempDirs", "java.io.IOException", "java.io.InputStream",
                    "java.lang.foreign.MemoryLayout", "java.lang.foreign.MemorySegment", "java.lang.foreign.StructLayout",
                    "java.lang.foreign.ValueLayout", "java.nio.ByteOrder", "java.nio.file.Files", "java.nio.file.Path",
                    "java.nio.file.StandardCopyOption", "java.util.ArrayList", "java.util.Arrays", "java.util.List", "java.util.Map",
                    "java.util.Objects", "java.util.Optional", "java.util.function.Consumer")) {
                line("import " + i + ";");
            }
            line("");
            doc("Typed access to the BPF object {@code " + JavaIdent.comment(opt.objectName()) + "}: open it (its types are checked against",
                    "these bindings), set constants, {@link #load()} it, then use its programs, maps and record readers.",
                    "Closing it detaches and frees everything. Needs {@code --enable-native-access} for {@code io.tinybpf}",
                    "and the privileges to load BPF programs (root, or CAP_BPF and friends).");
            line("@SuppressWarnings(\"unused\")");
            open("public final class " + cls + " implements AutoCloseable {");
            doc("The object's file name: the class-path resource {@link #open()} reads, beside this class.");
            line("public static final String OBJECT = " + JavaIdent.quote(opt.objectName()) + ";");
            line("");
            for (var e : programs.entrySet()) line("public static final String PROGRAM_" + JavaIdent.constant(e.getKey()) + " = " + JavaIdent.quote(e.getKey()) + ";");
            for (TypedMap m : maps) line("public static final String MAP_" + JavaIdent.constant(m.map().name()) + " = " + JavaIdent.quote(m.map().name()) + ";");
            line("");
            line("static final ByteOrder ORDER = ByteOrder." + (le ? "LITTLE_ENDIAN" : "BIG_ENDIAN") + ";");
            line("static final ValueLayout.OfByte U1 = ValueLayout.JAVA_BYTE;");
            line("static final ValueLayout.OfBoolean B1 = ValueLayout.JAVA_BOOLEAN;");
            line("static final ValueLayout.OfShort U2 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ORDER);");
            line("static final ValueLayout.OfInt U4 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ORDER);");
            line("static final ValueLayout.OfLong U8 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ORDER);");
            line("static final ValueLayout.OfFloat F4 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ORDER);");
            line("static final ValueLayout.OfDouble F8 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ORDER);");
            line("");
            doc("The BTF layouts these bindings were generated for, checked when the object is opened.");
            if (layouts.isEmpty()) {
                line("static final Map<String, String> LAYOUTS = Map.of();");
            } else {
                open("static final Map<String, String> LAYOUTS = Map.ofEntries(");
                for (int i = 0; i < layouts.size(); i++) {
                    ObjectLayouts.Entry e = layouts.get(i);
                    line("Map.entry(" + JavaIdent.quote(e.what()) + ", " + JavaIdent.quote(e.layout()) + ")" + (i + 1 < layouts.size() ? "," : ");"));
                }
                indent--;
            }
            line("");
            line("private final BpfObject object;");
            line("private final Path temporary;");
            line("");
            open("private " + cls + "(BpfObject object, Path temporary) {");
            line("this.object = object;");
            line("this.temporary = temporary;");
            close("}");
            line("");
            loaders();
            accessors();
            readers();
            variables();
            helpers();
            for (JavaTypes.Decl d : jt == null ? List.<JavaTypes.Decl>of() : jt.decls()) record(d);
            for (TypedMap m : maps) if (m.wrapper() != null) wrapper(m);
            trimBlank();
            close("}");
        }

        void trimBlank() {
            while (sb.length() >= 2 && sb.charAt(sb.length() - 1) == '\n' && sb.charAt(sb.length() - 2) == '\n') sb.setLength(sb.length() - 1);
        }

        void loaders() {
            doc("Opens the object at {@code path} (not loaded yet: set constants first, then {@link #load()}).",
                    "",
                    "@throws ObjectLayouts.StaleBindingsException when the object's types differ from these bindings'",
                    "        (regenerate with tinybpf generate)");
            open("public static " + cls + " open(Path path) throws IOException {");
            line("return open(path, OpenOptions.defaults());");
            close("}");
            line("");
            doc("{@link #open(Path)} with libbpf open options (verifier log level, pin root, ...).");
            open("public static " + cls + " open(Path path, OpenOptions options) throws IOException {");
            line("ObjectLayouts.check(path, LAYOUTS);");
            line("return new " + cls + "(BpfObject.open(path, options), null);");
            close("}");
            line("");
            doc("Opens the object shipped as the class-path resource {@link #OBJECT} beside this class",
                    "({@code tinybpf generate --resources <dir>} puts it there). It is copied to a private temporary file,",
                    "removed on {@link #close()}.");
            open("public static " + cls + " open() throws IOException {");
            open("try (InputStream in = " + cls + ".class.getResourceAsStream(OBJECT)) {");
            open("if (in == null) {");
            line("throw new IOException(\"no class-path resource \" + OBJECT + \" beside \" + " + cls
                    + ".class.getName() + \" (tinybpf generate --resources <dir> copies it there)\");");
            close("}");
            line("Path tmp = TempDirs.createFile(\"tinybpf-\", \"-\" + OBJECT);");
            open("try {");
            line("Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);");
            line("ObjectLayouts.check(tmp, LAYOUTS);");
            line("return new " + cls + "(BpfObject.open(tmp), tmp);");
            close("} catch (IOException | RuntimeException e) {");
            indent++;
            line("Files.deleteIfExists(tmp);");
            line("throw e;");
            close("}");
            close("}");
            close("}");
            line("");
            doc("Loads the programs and creates the maps in the kernel.",
                    "",
                    "@throws io.tinybpf.kernel.KernelException with the verifier's log when a program is rejected");
            open("public " + cls + " load() {");
            line("object.load();");
            line("return this;");
            close("}");
            line("");
            doc("The underlying object, for everything these bindings do not wrap.");
            open("public BpfObject object() {");
            line("return object;");
            close("}");
            line("");
            doc("Detaches every link, closes every reader and frees the object.");
            line("@Override");
            open("public void close() {");
            open("try {");
            line("object.close();");
            close("} finally {");
            indent++;
            open("if (temporary != null) {");
            open("try {");
            line("Files.deleteIfExists(temporary);");
            close("} catch (IOException e) {");
            indent++;
            line("// the copy is in a private temporary directory; nothing else to do");
            close("}");
            close("}");
            close("}");
            close("}");
            line("");
        }

        void accessors() {
            for (ObjectSummary.Program p : summary.programs().stream().sorted(Comparator.comparing(ObjectSummary.Program::name)).toList()) {
                doc("The " + p.programTypeName() + " program {@code " + JavaIdent.comment(p.name()) + "} (section {@code "
                        + JavaIdent.comment(p.section()) + "}).");
                open("public BpfProgram " + programs.get(p.name()) + "() {");
                line("return object.program(" + JavaIdent.quote(p.name()) + ");");
                close("}");
                line("");
            }
            for (TypedMap m : maps) {
                if (m.wrapper() != null) {
                    doc("The " + m.map().typeName() + " map {@code " + JavaIdent.comment(m.map().name()) + "}: key {@code " + m.key().type()
                            + "}, value {@code " + m.value().type() + "}" + (m.perCpu() ? " per CPU" : "") + ", " + m.map().maxEntries() + " entries.");
                    open("public " + m.wrapper() + " " + m.method() + "() {");
                    line("return new " + m.wrapper() + "(object.map(" + JavaIdent.quote(m.map().name()) + "));");
                } else {
                    doc("The " + m.map().typeName() + " map {@code " + JavaIdent.comment(m.map().name()) + "} (raw bytes"
                            + (events.stream().anyMatch(e -> e.map() == m.map()) ? "; its records: {@link #" + eventOf(m).method() + "}" : "") + ").");
                    open("public BpfMap " + m.method() + "() {");
                    line("return object.map(" + JavaIdent.quote(m.map().name()) + ");");
                }
                close("}");
                line("");
            }
        }

        Event eventOf(TypedMap m) {
            return events.stream().filter(e -> e.map() == m.map()).findFirst().orElseThrow();
        }

        /** The exact size of one record as a reader receives it (perf samples are padded to 8 bytes with their 4-byte header). */
        static long recordSize(Event e) {
            long size = e.type().size();
            return e.ring() ? size : (size + 4 + 7) / 8 * 8 - 4;
        }

        void readers() {
            for (Event e : events) {
                String t = e.type().boxed(), map = JavaIdent.quote(e.map().name());
                long want = recordSize(e);
                String check = "record(" + map + ", b, " + want + ")";
                String decode = e.type().read("MemorySegment.ofArray(" + check + ")", "0");
                if (e.ring()) {
                    doc("Reads the records of ring buffer {@code " + JavaIdent.comment(e.map().name()) + "} as {@code " + t + "} (" + want
                            + " bytes each, else an error: regenerate);", "{@code poll} the reader to receive them on the polling thread.");
                    open("public RingBufferReader " + e.method() + "(Consumer<" + t + "> handler) {");
                    line("return RingBufferReader.open(object.map(" + map + "), b -> handler.accept(" + decode + "));");
                    close("}");
                } else {
                    doc("Reads the samples of perf event array {@code " + JavaIdent.comment(e.map().name()) + "} as {@code " + t + "} ("
                            + e.type().size() + " bytes, " + want + " with the kernel's padding);",
                            "{@code lost} hears of samples the kernel dropped; {@code poll} the reader to receive them.");
                    open("public PerfBufferReader " + e.method() + "(Consumer<" + t + "> handler, PerfBufferReader.LostHandler lost) {");
                    line("return PerfBufferReader.open(object.map(" + map + "), 8, (cpu, b) -> handler.accept(" + decode + "), lost);");
                    close("}");
                }
                line("");
            }
        }

        void variables() {
            for (Variable v : variables) {
                String name = JavaIdent.quote(v.symbol());
                doc("Sets {@code " + JavaIdent.comment(v.symbol()) + "} (" + v.type().size() + " bytes)" + (v.constant()
                        ? " before {@link #load()}: a constant of the loaded program (a {@code //go:extern} variable in tinybpf's Go)."
                        : "; before load its initial value, after load its live value."));
                open("public " + cls + " set" + v.suffix() + "(" + v.type().type() + " value) {");
                line("byte[] b = new byte[" + v.type().size() + "];");
                line(v.type().write("MemorySegment.ofArray(b)", "0", "value"));
                line("object.setVariable(" + name + ", b);");
                line("return this;");
                close("}");
                line("");
                doc("The value of {@code " + JavaIdent.comment(v.symbol()) + "}: as set before load, or (.data, .bss) its live value after.");
                open("public " + v.type().type() + " " + JavaIdent.lowerCamel(v.symbol()) + "() {");
                line("return " + v.type().read("MemorySegment.ofArray(object.variable(" + name + "))", "0") + ";");
                close("}");
                line("");
            }
        }

        void helpers() {
            doc("{@code b}, when it is exactly one record of {@code size} bytes; else the bindings are stale.");
            open("static byte[] record(String map, byte[] b, long size) {");
            open("if (b.length != size) {");
            line("throw new ObjectLayouts.StaleBindingsException(map + \" record of \" + b.length + \" bytes, want \" + size");
            line("        + \": regenerate with tinybpf generate\");");
            close("}");
            line("return b;");
            close("}");
            line("");
            for (String t : List.of("byte", "short", "int", "long", "float", "double")) {
                open("static " + t + "[] length(" + t + "[] a, int n) {");
                line("if (a.length != n) throw new IllegalArgumentException(\"expected \" + n + \" elements, got \" + a.length);");
                line("return a;");
                close("}");
                line("");
            }
            open("static <E> E[] length(E[] a, int n) {");
            line("if (a.length != n) throw new IllegalArgumentException(\"expected \" + n + \" elements, got \" + a.length);");
            line("return a;");
            close("}");
            line("");
        }

        void record(JavaTypes.Decl d) {
            List<String> comps = new ArrayList<>();
            for (JavaTypes.Field f : d.fields) comps.add(f.type().type() + " " + f.name());
            List<String> docs = new ArrayList<>(List.of(d.doc));
            for (JavaTypes.Field f : d.fields) if (f.note() != null) docs.add("{@code " + f.name() + "}: " + JavaIdent.comment(f.note()) + ".");
            doc(docs.toArray(String[]::new));
            open("public record " + d.name + "(" + String.join(", ", comps) + ") {");
            doc("The layout in the object: " + d.size + " bytes, BTF's offsets, in the object's byte order.");
            List<String> elems = new ArrayList<>();
            long pos = 0;
            for (JavaTypes.Field f : d.fields) {
                if (f.offset() > pos) elems.add("MemoryLayout.paddingLayout(" + (f.offset() - pos) + ")");
                elems.add(f.type().layout() + ".withName(" + JavaIdent.quote(f.layoutName()) + ")");
                pos = f.offset() + f.type().size();
            }
            if (d.size > pos) elems.add("MemoryLayout.paddingLayout(" + (d.size - pos) + ")");
            if (elems.isEmpty()) {
                line("public static final StructLayout LAYOUT = MemoryLayout.structLayout();");
            } else {
                open("public static final StructLayout LAYOUT = MemoryLayout.structLayout(");
                for (int i = 0; i < elems.size(); i++) line(elems.get(i) + (i + 1 < elems.size() ? "," : ")" + (d.btfName.isEmpty() ? "" : ".withName(" + JavaIdent.quote(d.btfName) + ")") + ";"));
                indent--;
            }
            line("");
            doc("Reads one from {@code s} (at least {@link #LAYOUT}'s size).");
            open("public static " + d.name + " decode(MemorySegment s) {");
            if (d.fields.isEmpty()) {
                line("return new " + d.name + "();");
            } else {
                open("return new " + d.name + "(");
                for (int i = 0; i < d.fields.size(); i++) {
                    JavaTypes.Field f = d.fields.get(i);
                    line(f.type().read("s", f.offset() + "L") + (i + 1 < d.fields.size() ? "," : ");"));
                }
                indent--;
            }
            close("}");
            line("");
            doc("Reads one from exactly " + d.size + " bytes.");
            open("public static " + d.name + " decode(byte[] b) {");
            open("if (b.length != " + d.size + ") {");
            line("throw new IllegalArgumentException(" + JavaIdent.quote(d.name + " is " + d.size + " bytes, got ") + " + b.length);");
            close("}");
            line("return decode(MemorySegment.ofArray(b));");
            close("}");
            line("");
            doc("Writes it into {@code s} (at least {@link #LAYOUT}'s size; padding is left as it is).");
            open("public void encode(MemorySegment s) {");
            for (JavaTypes.Field f : d.fields) line(f.type().write("s", f.offset() + "L", f.name()));
            close("}");
            line("");
            doc("Its " + d.size + " bytes (padding zero).");
            open("public byte[] encode() {");
            line("byte[] b = new byte[" + d.size + "];");
            line("encode(MemorySegment.ofArray(b));");
            line("return b;");
            close("}");
            if (d.hasArrays()) {
                line("");
                line("@Override");
                open("public boolean equals(Object o) {");
                List<String> eq = new ArrayList<>();
                for (JavaTypes.Field f : d.fields) {
                    eq.add(f.type().isArray() ? "Arrays.equals(" + f.name() + ", x." + f.name() + ")"
                            : f.type() instanceof JavaTypes.Ref ? "Objects.equals(" + f.name() + ", x." + f.name() + ")"
                            : primEquals(f));
                }
                line("return o instanceof " + d.name + " x && " + String.join(" && ", eq) + ";");
                close("}");
                line("");
                line("@Override");
                open("public int hashCode() {");
                line("int h = 1;");
                for (JavaTypes.Field f : d.fields) {
                    line("h = 31 * h + " + (f.type().isArray() ? "Arrays.hashCode(" + f.name() + ")" : "Objects.hashCode(" + f.name() + ")") + ";");
                }
                line("return h;");
                close("}");
                line("");
                line("@Override");
                open("public String toString() {");
                List<String> parts = new ArrayList<>();
                for (JavaTypes.Field f : d.fields) {
                    parts.add(JavaIdent.quote(f.name() + "=") + " + " + (f.type().isArray() ? "Arrays.toString(" + f.name() + ")" : f.name()));
                }
                line("return " + JavaIdent.quote(d.name + "[") + " + " + String.join(" + \", \" + ", parts) + " + \"]\";");
                close("}");
            }
            close("}");
            line("");
        }

        static String primEquals(JavaTypes.Field f) {
            return switch (f.type().type()) {
                case "float" -> "Float.compare(" + f.name() + ", x." + f.name() + ") == 0";
                case "double" -> "Double.compare(" + f.name() + ", x." + f.name() + ") == 0";
                default -> f.name() + " == x." + f.name();
            };
        }

        void wrapper(TypedMap m) {
            String k = m.key().boxed(), v = m.value().boxed(), vv = m.perCpu() ? "List<" + v + ">" : v;
            String map = m.map().name();
            doc("Typed access to " + m.map().typeName() + " map {@code " + JavaIdent.comment(map) + "}" + (m.perCpu()
                    ? " (one value per possible CPU; an update sets every CPU's value)." : "."));
            open("public static final class " + m.wrapper() + " {");
            line("private final BpfMap map;");
            line("");
            open(m.wrapper() + "(BpfMap map) {");
            line("this.map = map;");
            close("}");
            line("");
            doc("The map itself (bytes).");
            open("public BpfMap raw() {");
            line("return map;");
            close("}");
            line("");
            doc("The value" + (m.perCpu() ? "s" : "") + " at {@code key}, if there is one.");
            open("public Optional<" + vv + "> lookup(" + m.key().type() + " key) {");
            if (m.perCpu()) {
                line("List<byte[]> per = map.lookupPerCpu(encodeKey(key));");
                line("if (per == null) return Optional.empty();");
                line("List<" + v + "> out = new ArrayList<>();");
                line("for (byte[] b : per) out.add(decodeValue(b));");
                line("return Optional.of(out);");
            } else {
                line("byte[] b = map.lookup(encodeKey(key));");
                line("return b == null ? Optional.empty() : Optional.of(decodeValue(b));");
            }
            close("}");
            line("");
            doc("Creates or replaces the entry at {@code key}" + (m.perCpu() ? " (every CPU's value)." : "."));
            open("public void update(" + m.key().type() + " key, " + m.value().type() + " value) {");
            if (m.perCpu()) {
                line("map.updatePerCpu(encodeKey(key), List.of(encodeValue(value)), 0);");
            } else {
                line("map.update(encodeKey(key), encodeValue(value));");
            }
            close("}");
            line("");
            doc("Removes the entry at {@code key}; false when there was none.");
            open("public boolean delete(" + m.key().type() + " key) {");
            line("return map.delete(encodeKey(key));");
            close("}");
            line("");
            doc("Every entry, in the kernel's order.");
            open("public List<Map.Entry<" + k + ", " + vv + ">> entries() {");
            line("List<Map.Entry<" + k + ", " + vv + ">> out = new ArrayList<>();");
            open("for (byte[] key : map.keys()) {");
            if (m.perCpu()) {
                line("List<byte[]> per = map.lookupPerCpu(key);");
                line("if (per == null) continue;");
                line("List<" + v + "> values = new ArrayList<>();");
                line("for (byte[] b : per) values.add(decodeValue(b));");
                line("out.add(Map.entry(decodeKey(key), values));");
            } else {
                line("byte[] b = map.lookup(key);");
                line("if (b != null) out.add(Map.entry(decodeKey(key), decodeValue(b)));");
            }
            close("}");
            line("return out;");
            close("}");
            line("");
            codec("Key", m.key(), m.map().keySize(), map);
            codec("Value", m.value(), m.map().valueSize(), map);
            trimBlank();
            close("}");
            line("");
        }

        void codec(String what, JavaTypes.T t, long size, String map) {
            open("static byte[] encode" + what + "(" + t.type() + " v) {");
            line("byte[] b = new byte[" + size + "];");
            line(t.write("MemorySegment.ofArray(b)", "0", "v"));
            line("return b;");
            close("}");
            line("");
            open("static " + t.boxed() + " decode" + what + "(byte[] b) {");
            open("if (b.length != " + size + ") {");
            line("throw new ObjectLayouts.StaleBindingsException(" + JavaIdent.quote(map + " " + what.toLowerCase(java.util.Locale.ROOT) + " of ")
                    + " + b.length + \" bytes, want " + size + ": regenerate with tinybpf generate\");");
            close("}");
            line("return " + t.read("MemorySegment.ofArray(b)", "0") + ";");
            close("}");
            line("");
        }
    }
}
