package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A BPF ELF object opened with libbpf ({@code bpf_object__open_file}) and, after {@link #load()},
 * loaded into the kernel.
 *
 * <pre>{@code
 * try (BpfObject obj = BpfObject.open(Path.of("probe.o"))) {
 *     obj.setVariable("target_port", LittleEndian.u16(8080));   // a const volatile global in .rodata
 *     LoadResult r = obj.load();                                 // throws KernelException with the verifier log
 *     System.out.println(r.program("handle").orElseThrow().processedInsns());
 *     try (BpfLink link = obj.program("handle").attachTracepoint("syscalls", "sys_enter_connect");
 *          RingBufferReader rb = RingBufferReader.open(obj.map("events"), bytes -> ...)) {
 *         rb.poll(Duration.ofMillis(100));
 *     }
 * }
 * }</pre>
 *
 * <p>Pre-load edits ({@link #setVariable}, {@link #setInitialValue}, {@link BpfProgram#setAutoload},
 * ...) are recorded: when a verifier log overflows its buffer (ENOSPC) the object is reopened and
 * the edits replayed before loading again with a larger buffer, because libbpf cannot load an
 * object twice.
 *
 * <p>{@link #close()} detaches every link and closes every reader still open on this object (newest
 * first), then frees the libbpf object (closing program and map fds). It is idempotent.
 */
@SuppressWarnings("restricted") // FFM: native access is this package's purpose
public final class BpfObject implements AutoCloseable {

    private final Path path;
    private final OpenOptions options;
    private final List<Consumer<BpfObject>> edits = new ArrayList<>();
    private final LinkedHashSet<AutoCloseable> dependents = new LinkedHashSet<>();
    private MemorySegment obj;
    private List<MemorySegment> progPtrs = List.of();
    private List<MemorySegment> mapPtrs = List.of();
    private List<BpfProgram> programs = List.of();
    private String name;
    private boolean loaded;
    private boolean closed;
    private LoadResult loadResult;

    private BpfObject(Path path, OpenOptions options) {
        this.path = path;
        this.options = options;
    }

    /** Opens with {@link OpenOptions#defaults()}. */
    public static BpfObject open(Path path) {
        return open(path, OpenOptions.defaults());
    }

    /**
     * Parses the ELF object (no kernel interaction yet besides feature probes).
     *
     * @throws KernelException when libbpf cannot open it (with libbpf's explanation)
     */
    public static BpfObject open(Path path, OpenOptions options) {
        Libbpf.require();
        if (!Files.isReadable(path)) throw new KernelException("open " + path, Errno.ENOENT);
        BpfObject o = new BpfObject(path, options);
        o.openNative();
        return o;
    }

    private void openNative() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment opts = a.allocate(80, 8); // struct bpf_object_open_opts (libbpf 1.1)
            opts.set(JAVA_LONG, 0, 80);
            if (options.objectName() != null) opts.set(ADDRESS, 8, a.allocateFrom(options.objectName()));
            if (options.pinRoot() != null) opts.set(ADDRESS, 24, a.allocateFrom(options.pinRoot().toString()));
            if (options.kconfig() != null) opts.set(ADDRESS, 40, a.allocateFrom(options.kconfig()));
            if (options.btfCustomPath() != null) {
                opts.set(ADDRESS, 48, a.allocateFrom(options.btfCustomPath().toString()));
            }
            // kernel_log_buf/size/level stay 0: logs are requested per program (see load()).
            obj = Libbpf.callPtr("open BPF object " + path, Libbpf.OBJECT_OPEN_FILE, a.allocateFrom(path.toString()), opts);
        }
        name = Libbpf.callStr(Libbpf.OBJECT_NAME, obj);
        List<MemorySegment> ps = new ArrayList<>();
        for (MemorySegment p = Libbpf.callSeg(Libbpf.OBJECT_NEXT_PROGRAM, obj, MemorySegment.NULL); p.address() != 0;
             p = Libbpf.callSeg(Libbpf.OBJECT_NEXT_PROGRAM, obj, p)) {
            ps.add(p);
        }
        List<MemorySegment> ms = new ArrayList<>();
        for (MemorySegment m = Libbpf.callSeg(Libbpf.OBJECT_NEXT_MAP, obj, MemorySegment.NULL); m.address() != 0;
             m = Libbpf.callSeg(Libbpf.OBJECT_NEXT_MAP, obj, m)) {
            ms.add(m);
        }
        progPtrs = ps;
        mapPtrs = ms;
        if (programs.isEmpty()) {
            List<BpfProgram> list = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                list.add(new BpfProgram(this, i, Libbpf.callStr(Libbpf.PROG_NAME, ps.get(i)),
                        Libbpf.callStr(Libbpf.PROG_SECTION, ps.get(i))));
            }
            programs = List.copyOf(list);
        }
        classifyUnknownSections();
    }

    /**
     * libbpf classifies programs by section name from its own table, and Debian's libbpf 1.1
     * predates names such as {@code tc/ingress} and {@code tcx/egress}. A program libbpf left
     * unclassified gets its type (and expected attach type) from tinybpf's copy of the current
     * table, so objects using newer names still load here.
     */
    private void classifyUnknownSections() {
        for (int i = 0; i < progPtrs.size(); i++) {
            MemorySegment p = progPtrs.get(i);
            if (Libbpf.callInt(Libbpf.PROG_TYPE, p) != 0) continue;
            var def = io.tinybpf.bpf.SectionNames.resolve(Libbpf.callStr(Libbpf.PROG_SECTION, p));
            if (def.isEmpty()) continue;
            Libbpf.callInt(Libbpf.PROG_SET_TYPE, p, def.get().programType().number());
            if (def.get().attachType().isPresent()) {
                Libbpf.callInt(Libbpf.PROG_SET_EXPECTED_ATTACH_TYPE, p, def.get().attachType().get().number());
            }
        }
    }

    private void reopen() {
        Libbpf.call(Libbpf.OBJECT_CLOSE, obj);
        obj = null;
        openNative();
        for (Consumer<BpfObject> e : edits) e.accept(this);
    }

    // ------------------------------------------------------------------ accessors

    public Path path() {
        return path;
    }

    /** libbpf's object name (file name up to the first dot unless overridden). */
    public String name() {
        return name;
    }

    public synchronized boolean isLoaded() {
        return loaded;
    }

    /** The result of the last {@link #load()} (also after a failed one), or null before. */
    public synchronized LoadResult loadResult() {
        return loadResult;
    }

    synchronized MemorySegment progPtr(int index) {
        checkOpen();
        return progPtrs.get(index);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("BPF object " + path + " is closed");
    }

    /** The object's programs (subprograms excluded), in ELF order. */
    public List<BpfProgram> programs() {
        return programs;
    }

    /** A program by C function name. */
    public BpfProgram program(String progName) {
        for (BpfProgram p : programs) if (p.name().equals(progName)) return p;
        throw new NoSuchElementException("no program '" + progName + "' in " + path + "; have "
                + programs.stream().map(BpfProgram::name).toList());
    }

    /** The object's maps, including internal ones (.rodata, .data, .bss, .kconfig), with their current shape. */
    public synchronized List<BpfMap> maps() {
        checkOpen();
        List<BpfMap> out = new ArrayList<>();
        for (int i = 0; i < mapPtrs.size(); i++) out.add(mapView(i));
        return out;
    }

    private BpfMap mapView(int i) {
        MemorySegment m = mapPtrs.get(i);
        final int idx = i;
        return new BpfMap(Libbpf.callStr(Libbpf.MAP_NAME, m), Libbpf.callInt(Libbpf.MAP_TYPE, m),
                Libbpf.callInt(Libbpf.MAP_KEY_SIZE, m), Libbpf.callInt(Libbpf.MAP_VALUE_SIZE, m),
                Libbpf.callInt(Libbpf.MAP_MAX_ENTRIES, m), Libbpf.callInt(Libbpf.MAP_FLAGS, m),
                () -> mapFd(idx), null, this);
    }

    private synchronized int mapFd(int idx) {
        if (closed) return -1;
        return Libbpf.callInt(Libbpf.MAP_FD, mapPtrs.get(idx));
    }

    /**
     * A map by name. Internal maps can also be named by their section: {@code map(".rodata")}
     * finds libbpf's {@code "<obj>.rodata"}.
     */
    public BpfMap map(String mapName) {
        return findMap(mapName).orElseThrow(() -> new NoSuchElementException("no map '" + mapName + "' in " + path
                + "; have " + maps().stream().map(BpfMap::name).toList()));
    }

    public synchronized Optional<BpfMap> findMap(String mapName) {
        checkOpen();
        int idx = mapIndex(mapName);
        return idx < 0 ? Optional.empty() : Optional.of(mapView(idx));
    }

    private int mapIndex(String mapName) {
        for (int i = 0; i < mapPtrs.size(); i++) {
            if (Libbpf.callStr(Libbpf.MAP_NAME, mapPtrs.get(i)).equals(mapName)) return i;
        }
        if (mapName.startsWith(".")) {
            for (int i = 0; i < mapPtrs.size(); i++) {
                MemorySegment m = mapPtrs.get(i);
                if ((boolean) Libbpf.call(Libbpf.MAP_IS_INTERNAL, m) && sectionOf(Libbpf.callStr(Libbpf.MAP_NAME, m)).equals(mapName)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** "obj.rodata" → ".rodata"; custom sections keep their name. */
    private static String sectionOf(String internalMapName) {
        int dot = internalMapName.indexOf('.');
        return dot < 0 ? internalMapName : internalMapName.substring(dot);
    }

    // ------------------------------------------------------------------ pre-load edits

    synchronized void edit(String what, Consumer<BpfObject> e) {
        checkOpen();
        if (loaded) throw new IllegalStateException(what + ": object already loaded");
        e.accept(this);
        edits.add(e);
    }

    /** Before load: replaces a map's initial contents (e.g. a whole .data/.rodata section). */
    public BpfObject setInitialValue(String mapName, byte[] value) {
        edit("set initial value of map '" + mapName + "'", o -> {
            int idx = o.mapIndex(mapName);
            if (idx < 0) throw new NoSuchElementException("no map '" + mapName + "'");
            try (Arena a = Arena.ofConfined()) {
                MemorySegment v = a.allocate(Math.max(1, value.length));
                MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
                Libbpf.callChecked("bpf_map__set_initial_value(" + mapName + ")", Libbpf.MAP_SET_INITIAL_VALUE,
                        Libbpf.NONE_OK, o.mapPtrs.get(idx), v, (long) value.length);
            }
        });
        return this;
    }

    /** Before load: changes a map's capacity (e.g. a ring buffer's size). */
    public BpfObject setMaxEntries(String mapName, int maxEntries) {
        edit("set max_entries of map '" + mapName + "'", o -> {
            int idx = o.mapIndex(mapName);
            if (idx < 0) throw new NoSuchElementException("no map '" + mapName + "'");
            Libbpf.callChecked("bpf_map__set_max_entries(" + mapName + ")", Libbpf.MAP_SET_MAX_ENTRIES, Libbpf.NONE_OK,
                    o.mapPtrs.get(idx), maxEntries);
        });
        return this;
    }

    /**
     * A global variable of the object as described by its BTF DATASEC: {@code section} is
     * ".rodata" ({@code const volatile}), ".data" or ".bss"; {@code offset}/{@code size} in bytes.
     */
    public record GlobalVariable(String name, String section, int offset, int size) {}

    /** Global variables found in the object's BTF for its internal maps (needs BTF, i.e. clang -g). */
    public synchronized List<GlobalVariable> variables() {
        checkOpen();
        List<GlobalVariable> out = new ArrayList<>();
        MemorySegment btf = Libbpf.callSeg(Libbpf.OBJECT_BTF, obj);
        if (btf.address() == 0) return out;
        for (MemorySegment m : mapPtrs) {
            if (!(boolean) Libbpf.call(Libbpf.MAP_IS_INTERNAL, m)) continue;
            String sec = sectionOf(Libbpf.callStr(Libbpf.MAP_NAME, m));
            int id;
            try (Arena a = Arena.ofConfined()) {
                id = Libbpf.callInt(Libbpf.BTF_FIND_BY_NAME_KIND, btf, a.allocateFrom(sec), io.tinybpf.btf.BtfKind.DATASEC.number());
            }
            if (id <= 0) continue;
            MemorySegment t = Libbpf.callSeg(Libbpf.BTF_TYPE_BY_ID, btf, id).reinterpret(12);
            int vlen = t.get(JAVA_INT, 4) & 0xffff;
            MemorySegment infos = t.reinterpret(12L + 12L * vlen);
            for (int i = 0; i < vlen; i++) {
                long base = 12L + 12L * i; // struct btf_var_secinfo { type, offset, size }
                int varType = infos.get(JAVA_INT, base);
                MemorySegment vt = Libbpf.callSeg(Libbpf.BTF_TYPE_BY_ID, btf, varType).reinterpret(12);
                if (((vt.get(JAVA_INT, 4) >>> 24) & 0x1f) != io.tinybpf.btf.BtfKind.VAR.number()) continue;
                String varName = Libbpf.callStr(Libbpf.BTF_NAME_BY_OFFSET, btf, vt.get(JAVA_INT, 0));
                out.add(new GlobalVariable(varName, sec, infos.get(JAVA_INT, base + 4), infos.get(JAVA_INT, base + 8)));
            }
        }
        return out;
    }

    private GlobalVariable variable0(String varName) {
        for (GlobalVariable v : variables()) if (v.name().equals(varName)) return v;
        throw new NoSuchElementException("no global variable '" + varName + "' in " + path + "; have "
                + variables().stream().map(GlobalVariable::name).toList());
    }

    private MemorySegment sectionData(String section) {
        int idx = mapIndex(section);
        if (idx < 0) throw new NoSuchElementException("no internal map for " + section);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            MemorySegment p = Libbpf.callSeg(Libbpf.MAP_INITIAL_VALUE, mapPtrs.get(idx), size);
            if (p.address() == 0) throw new IllegalStateException("no data for " + section);
            return p.reinterpret(size.get(JAVA_LONG, 0));
        }
    }

    /**
     * Sets a global variable. Before load: its initial value, typically a {@code const volatile}
     * configuration constant in .rodata that the verifier then treats as known (dead-code
     * pruning). After load: the live value of a .data/.bss variable (a read-modify-write of the
     * section's single map value, not atomic against the program); .rodata is frozen by then.
     * {@code value} must have exactly the variable's size.
     */
    public BpfObject setVariable(String varName, byte[] value) {
        synchronized (this) {
            checkOpen();
            if (loaded) {
                GlobalVariable v = variable0(varName);
                checkSize(v, value);
                if (v.section().startsWith(".rodata")) {
                    throw new IllegalStateException("variable '" + varName + "' is in " + v.section()
                            + ", which the load froze; set it before load()");
                }
                BpfMap m = map(v.section());
                byte[] all = m.lookup(new byte[4]);
                System.arraycopy(value, 0, all, v.offset(), value.length);
                m.update(new byte[4], all);
                return this;
            }
        }
        edit("set variable '" + varName + "'", o -> {
            GlobalVariable v = o.variable0(varName);
            checkSize(v, value);
            MemorySegment data = o.sectionData(v.section());
            MemorySegment.copy(value, 0, data, JAVA_BYTE, v.offset(), value.length);
        });
        return this;
    }

    private static void checkSize(GlobalVariable v, byte[] value) {
        if (value.length != v.size()) {
            throw new IllegalArgumentException("variable '" + v.name() + "' is " + v.size() + " bytes, got " + value.length);
        }
    }

    /**
     * A global variable's current bytes: the initial value before load; after load the kernel's
     * value (read with BPF_MAP_LOOKUP_ELEM, since libbpf 1.1 only maps the live sections for
     * skeletons), i.e. live for .data/.bss and the frozen value for .rodata.
     */
    public synchronized byte[] variable(String varName) {
        checkOpen();
        GlobalVariable v = variable0(varName);
        byte[] out = new byte[v.size()];
        if (loaded) {
            byte[] all = map(v.section()).lookup(new byte[4]);
            System.arraycopy(all, v.offset(), out, 0, v.size());
        } else {
            MemorySegment data = sectionData(v.section());
            MemorySegment.copy(data, JAVA_BYTE, v.offset(), out, 0, v.size());
        }
        return out;
    }

    // ------------------------------------------------------------------ load

    /**
     * Loads every autoload program and creates the maps. Each program's verifier log (at the
     * {@linkplain OpenOptions#logLevel() requested level}) is captured in full, on success as well
     * as on failure: a program whose log overflows gets an 8× larger buffer and the object is
     * reopened and loaded again, up to {@link OpenOptions#maxLogSize()}.
     *
     * @return per-program verifier reports
     * @throws KernelException when a program is rejected (with its verifier log and
     *                         {@link KernelException#isProgramLoad()}) or anything else fails
     *                         (with libbpf's messages); {@link #loadResult()} then still has the reports
     */
    public synchronized LoadResult load() {
        checkOpen();
        if (loaded) throw new IllegalStateException("BPF object " + path + " is already loaded");
        int level = options.logLevel();
        int n = progPtrs.size();
        int[] sizes = new int[n]; // per program: only a program whose log overflowed gets a larger buffer
        java.util.Arrays.fill(sizes, Math.max(options.logSize(), 1024));
        String[] truncatedLogs = null;
        while (true) {
            String[] logs = new String[n];
            int err;
            String libbpfLog;
            try (Arena bufs = Arena.ofConfined(); Libbpf.LogCapture cap = Libbpf.LogCapture.begin()) {
                MemorySegment[] bufSegs = new MemorySegment[n];
                for (int i = 0; i < n; i++) {
                    if (!programs.get(i).autoload()) continue;
                    bufSegs[i] = bufs.allocate(sizes[i]);
                    Libbpf.callInt(Libbpf.PROG_SET_LOG_BUF, progPtrs.get(i), bufSegs[i], (long) sizes[i]);
                    Libbpf.callInt(Libbpf.PROG_SET_LOG_LEVEL, progPtrs.get(i), level);
                }
                err = Libbpf.callInt(Libbpf.OBJECT_LOAD, obj);
                // libbpf dereferences the log buffers only inside bpf_object__load (and refuses to
                // reset them afterwards with -EBUSY), so freeing them when this block ends is safe.
                for (int i = 0; i < n; i++) logs[i] = bufSegs[i] == null ? "" : Native.bufferString(bufSegs[i]);
                libbpfLog = cap.text();
            }
            if (err == -Errno.ENOSPC && truncatedLogs == null) {
                int i = indexOf(failedProgram(libbpfLog, logs));
                if (i >= 0 && sizes[i] < options.maxLogSize()) {
                    sizes[i] = (int) Math.min(options.maxLogSize(), sizes[i] * 8L);
                    reopen();
                    continue;
                }
                if (level != Bpf.LOG_STATS) {
                    truncatedLogs = logs; // what the kernel kept of each log (the end, on 6.4+)
                    level = Bpf.LOG_STATS;
                    java.util.Arrays.fill(sizes, 64 << 10);
                    reopen();
                    continue;
                }
            }
            return finishLoad(err, logs, truncatedLogs, libbpfLog);
        }
    }

    private int indexOf(String progName) {
        for (int i = 0; i < programs.size(); i++) if (programs.get(i).name().equals(progName)) return i;
        return -1;
    }

    /** The program libbpf names as failed, else the last one with a log; null when none. */
    private String failedProgram(String libbpfLog, String[] logs) {
        return LoadResult.failedProgram(libbpfLog, programs.stream().map(BpfProgram::name).toList(), logs);
    }

    /**
     * Opens, loads and closes {@code path}, returning the verifier's verdict instead of throwing for
     * a rejected program: what {@code tinybpf verify --kernel} needs. Failures to even open the
     * object still throw.
     */
    public static LoadResult verify(Path path, OpenOptions options) {
        try (BpfObject obj = open(path, options)) {
            try {
                return obj.load();
            } catch (KernelException e) {
                LoadResult r = obj.loadResult();
                if (r == null) throw e;
                return r;
            }
        }
    }

    private LoadResult finishLoad(int err, String[] logs, String[] truncatedLogs, String libbpfLog) {
        List<String> names = programs.stream().map(BpfProgram::name).toList();
        boolean[] autoload = new boolean[programs.size()];
        for (int i = 0; i < autoload.length; i++) autoload[i] = programs.get(i).autoload();
        loadResult = LoadResult.assemble(name, err, names, autoload, logs, truncatedLogs, libbpfLog);
        if (err == 0) {
            loaded = true;
            return loadResult;
        }
        String failed = loadResult.failed();
        if (failed != null) {
            VerifierReport r = loadResult.program(failed).orElse(null);
            BpfProgram p = program(failed);
            throw new KernelException("load program '" + failed + "' (section " + p.section() + ", "
                    + p.typeName() + ") from " + path.getFileName(), -err, r == null ? null : r.log(), libbpfLog, true);
        }
        throw new KernelException("load BPF object " + path.getFileName(), -err, null, libbpfLog, false);
    }

    // ------------------------------------------------------------------ dependents & close

    synchronized <T extends AutoCloseable> T track(T dependent) {
        if (closed) {
            try {
                dependent.close();
            } catch (Exception ignored) {
                // best effort
            }
            throw new IllegalStateException("BPF object " + path + " is closed");
        }
        dependents.add(dependent);
        if (dependent instanceof BpfLink l) l.onClose(() -> untrack(l));
        return dependent;
    }

    synchronized void untrack(AutoCloseable dependent) {
        dependents.remove(dependent);
    }

    /** Links and readers currently open on this object. */
    public synchronized int openDependents() {
        return dependents.size();
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) return;
            closed = true;
            toClose = new ArrayList<>(dependents);
            dependents.clear();
        }
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
        synchronized (this) {
            if (obj != null) Libbpf.call(Libbpf.OBJECT_CLOSE, obj);
            obj = null;
        }
    }

    @Override
    public String toString() {
        return "BpfObject[" + path + (loaded ? ", loaded" : "") + (closed ? ", closed" : "") + "]";
    }
}
