package io.tinybpf.vm;

import io.tinybpf.bpf.MapType;
import io.tinybpf.bpf.ProgramType;
import io.tinybpf.bpf.SectionNames;
import io.tinybpf.kernel.Bpf;
import io.tinybpf.kernel.Errno;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import io.tinybpf.kernel.VerifierReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A BPF object opened by the agent inside a guest, with the operations of
 * {@link io.tinybpf.kernel.BpfObject} that tests and {@code tinybpf test --vm} need. Loading goes
 * through the same libbpf (1.1) as on the host and failures are reported the same way
 * ({@link KernelException} with the guest's errno and logs), so code written for one works on the other.
 *
 * <p>Pre-load edits are recorded and replayed when a verifier log overflowed and the object is
 * reopened with a larger buffer (libbpf cannot load an object twice), as {@code BpfObject} does.
 */
public final class GuestObject implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();

    /** A program as libbpf sees it in the guest (types are the kernel's numbers). */
    public record Program(String name, String section, int type, int attachType) {
        public String typeName() {
            return ProgramType.nameOf(type);
        }
    }

    /** A map (declared shape; per-CPU values have one slot per guest CPU). */
    public record MapDef(String name, int type, int keySize, int valueSize, int maxEntries, int flags, boolean internal) {
        public String typeName() {
            return MapType.nameOf(type);
        }

        public boolean isPerCpu() {
            return MapType.of(type).map(MapType::isPerCpu).orElse(false);
        }
    }

    /** A global variable from the object's BTF DATASEC ({@code section} is ".rodata", ".data", ".bss"). */
    public record Variable(String name, String section, int offset, int size) {}

    /** A ring-buffer or perf record ({@code cpu} -1 for ring buffers). */
    public record Record(int cpu, byte[] data) {}

    private final Vm vm;
    private final int handle;
    private final String guestPath;
    private final String label;
    private final List<String[]> edits = new ArrayList<>();
    private String name;
    private List<Program> programs;
    private List<MapDef> maps;
    private boolean loaded;
    private boolean closed;
    private LoadResult loadResult;

    private GuestObject(Vm vm, int handle, String guestPath, String label) {
        this.vm = vm;
        this.handle = handle;
        this.guestPath = guestPath;
        this.label = label;
    }

    /** Copies {@code obj} into the guest (over the channel) and opens it. */
    public static GuestObject open(Vm vm, Path obj) {
        return openInGuest(vm, put(vm, obj), obj.getFileName().toString());
    }

    /** Copies a host file into the guest's /tmp; returns its guest path. */
    public static String put(Vm vm, Path file) {
        String guest = "/tmp/" + Integer.toHexString(file.toAbsolutePath().toString().hashCode()) + "-"
                + file.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            vm.call("put", guest, HEX.formatHex(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new VmException("cannot read " + file + ": " + e.getMessage());
        }
        return guest;
    }

    /** Opens an object that is already in the guest (placed there at boot, see {@link Vm.Options#files()}). */
    public static GuestObject openInGuest(Vm vm, String guestPath, String label) {
        int h = vm.allocateHandle();
        GuestObject o = new GuestObject(vm, h, guestPath, label);
        try {
            o.openNative();
        } catch (RuntimeException e) {
            vm.releaseHandle(h);
            throw e;
        }
        return o;
    }

    private void openNative() {
        Map<String, Object> r;
        try {
            r = vm.call("open", Integer.toString(handle), guestPath);
        } catch (VmException e) {
            if (e.errno() == 0) throw e;
            throw new KernelException("open BPF object " + label + " in " + vm.kernel().name() + ": " + e.getMessage(), e.errno());
        }
        name = (String) r.get("name");
        List<Program> ps = new ArrayList<>();
        for (Object o : (List<?>) r.get("programs")) {
            Map<?, ?> m = (Map<?, ?>) o;
            ps.add(new Program((String) m.get("name"), (String) m.get("section"), num(m, "type"), num(m, "attach_type")));
        }
        List<MapDef> ms = new ArrayList<>();
        for (Object o : (List<?>) r.get("maps")) {
            Map<?, ?> m = (Map<?, ?>) o;
            ms.add(new MapDef((String) m.get("name"), num(m, "type"), num(m, "key_size"), num(m, "value_size"), num(m, "max_entries"),
                    num(m, "flags"), num(m, "internal") != 0));
        }
        // libbpf 1.1 leaves newer section names (tc/ingress, ...) unclassified: tinybpf's table fills
        // them in, exactly as io.tinybpf.kernel.BpfObject does on the host
        for (int i = 0; i < ps.size(); i++) {
            Program p = ps.get(i);
            if (p.type() != 0) continue;
            var def = SectionNames.resolve(p.section());
            if (def.isEmpty()) continue;
            int attach = def.get().attachType().map(a -> a.number()).orElse(-1);
            vm.call("settype", Integer.toString(handle), p.name(), Integer.toString(def.get().programType().number()), Integer.toString(attach));
            ps.set(i, new Program(p.name(), p.section(), def.get().programType().number(), attach < 0 ? p.attachType() : attach));
        }
        programs = List.copyOf(ps);
        maps = List.copyOf(ms);
    }

    private static int num(Map<?, ?> m, String k) {
        return ((Long) m.get(k)).intValue();
    }

    private String h() {
        if (closed) throw new IllegalStateException("object " + label + " in " + vm.kernel().name() + " is closed");
        return Integer.toString(handle);
    }

    public Vm vm() {
        return vm;
    }

    public String name() {
        return name;
    }

    public List<Program> programs() {
        return programs;
    }

    public Program program(String prog) {
        return programs.stream().filter(p -> p.name().equals(prog)).findFirst().orElseThrow(() -> new NoSuchElementException(
                "no program '" + prog + "' in " + label + "; have " + programs.stream().map(Program::name).toList()));
    }

    public List<MapDef> maps() {
        return maps;
    }

    /** A map by name; internal maps also by section (".rodata"). */
    public MapDef map(String mapName) {
        for (MapDef m : maps) if (m.name().equals(mapName)) return m;
        if (mapName.startsWith(".")) {
            for (MapDef m : maps) if (m.internal() && m.name().endsWith(mapName)) return m;
        }
        throw new NoSuchElementException("no map '" + mapName + "' in " + label + "; have " + maps.stream().map(MapDef::name).toList());
    }

    public LoadResult loadResult() {
        return loadResult;
    }

    // ------------------------------------------------------------------ before load

    private void edit(String... tokens) {
        if (loaded) throw new IllegalStateException(tokens[0] + ": object " + label + " is already loaded");
        vm.call(tokens);
        edits.add(tokens);
    }

    public GuestObject setAutoload(String prog, boolean on) {
        program(prog);
        edit("autoload", h(), prog, on ? "1" : "0");
        return this;
    }

    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (Object o : (List<?>) vm.call("vars", h()).get("vars")) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Variable((String) m.get("name"), (String) m.get("section"), num(m, "offset"), num(m, "size")));
        }
        return out;
    }

    /** Before load: a global variable's initial value (a loader-set constant in .rodata, say). */
    public GuestObject setVariable(String var, byte[] value) {
        edit("setvar", h(), var, hex(value));
        return this;
    }

    // ------------------------------------------------------------------ load

    /**
     * Loads every autoload program, with level-1 + stats logs (as {@code OpenOptions.defaults()}):
     * a program whose log overflows gets a larger buffer, and beyond 64 MiB a stats-only log.
     *
     * @throws KernelException as {@code BpfObject.load()} does; {@link #loadResult()} then has the reports
     */
    public LoadResult load() {
        if (loaded) throw new IllegalStateException("object " + label + " is already loaded");
        int level = Bpf.LOG_LEVEL1 | Bpf.LOG_STATS;
        int size = 1 << 20;
        String[] truncated = null;
        while (true) {
            Map<String, Object> r = vm.call("load", h(), Integer.toString(level), Integer.toString(size));
            int err = num(r, "err");
            String libbpf = (String) r.get("libbpf");
            List<?> ps = (List<?>) r.get("programs");
            List<String> names = new ArrayList<>();
            boolean[] autoload = new boolean[ps.size()];
            String[] logs = new String[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                Map<?, ?> m = (Map<?, ?>) ps.get(i);
                names.add((String) m.get("name"));
                autoload[i] = num(m, "autoload") != 0;
                logs[i] = (String) m.get("log");
            }
            if (err == -Errno.ENOSPC && truncated == null) {
                if (size < (64 << 20)) {
                    size *= 8;
                } else {
                    truncated = logs;
                    level = Bpf.LOG_STATS;
                    size = 64 << 10;
                }
                reopen();
                continue;
            }
            loadResult = LoadResult.assemble(name, err, names, autoload, logs, truncated, libbpf);
            if (err == 0) {
                loaded = true;
                return loadResult;
            }
            String failed = loadResult.failed();
            if (failed != null) {
                VerifierReport rep = loadResult.program(failed).orElse(null);
                Program p = program(failed);
                throw new KernelException("load program '" + failed + "' (section " + p.section() + ", " + p.typeName() + ") from " + label
                        + " in " + vm.kernel().name(), -err, rep == null ? null : rep.log(), libbpf, true);
            }
            throw new KernelException("load BPF object " + label + " in " + vm.kernel().name(), -err, null, libbpf, false);
        }
    }

    private void reopen() {
        vm.call("close", h());
        openNative();
        for (String[] e : edits) vm.call(e);
    }

    // ------------------------------------------------------------------ after load

    /** BPF_PROG_TEST_RUN in the guest; failures carry the guest's errno. */
    public TestRunResult testRun(String prog, TestRun run) {
        int dataOut = run.dataOutSize() >= 0 ? run.dataOutSize() : run.dataIn() == null ? 0 : run.dataIn().length + 4096;
        try {
            Map<String, Object> r = vm.call("testrun", h(), prog, Integer.toString(run.repeat()), Integer.toString(run.flags()),
                    Integer.toString(run.cpu()), hex(run.dataIn()), hex(run.ctxIn()), Integer.toString(dataOut), Integer.toString(run.ctxOutSize()));
            byte[] ctxOut = HEX.parseHex((String) r.get("ctx_out"));
            return new TestRunResult(num(r, "retval"), ((Long) r.get("duration")), HEX.parseHex((String) r.get("data_out")),
                    run.ctxOutSize() > 0 ? ctxOut : null, run.ctxIn() == null ? null : HEX.parseHex((String) r.get("ctx_in_after")));
        } catch (VmException e) {
            throw kernelError("test run of '" + prog + "'", e);
        }
    }

    private KernelException kernelError(String what, VmException e) {
        if (e.errno() == 0) throw e;
        return new KernelException(what + " in " + vm.kernel().name(), e.errno());
    }

    public void update(String map, byte[] key, byte[] value) {
        update(map, key, value, 0);
    }

    public void update(String map, byte[] key, byte[] value, long flags) {
        try {
            vm.call("update", h(), map, hex(key), hex(value), Long.toString(flags));
        } catch (VmException e) {
            throw kernelError("update of map '" + map + "'", e);
        }
    }

    /** Stores program {@code prog}'s fd at {@code key} of a program array. */
    public void updateProgram(String map, byte[] key, String prog) {
        try {
            vm.call("update", h(), map, hex(key), "@" + prog, "0");
        } catch (VmException e) {
            throw kernelError("update of map '" + map + "'", e);
        }
    }

    /** A per-CPU map update: {@code value} on every guest CPU. */
    public void updatePerCpu(String map, byte[] key, byte[] value) {
        int stride = (value.length + 7) / 8 * 8;
        byte[] all = new byte[stride * vm.cpus()];
        for (int c = 0; c < vm.cpus(); c++) System.arraycopy(value, 0, all, c * stride, value.length);
        update(map, key, all);
    }

    /** The value at {@code key}, or null when there is none. */
    public byte[] lookup(String map, byte[] key) {
        try {
            Object v = vm.call("lookup", h(), map, hex(key)).get("value");
            return v == null ? null : HEX.parseHex((String) v);
        } catch (VmException e) {
            throw kernelError("lookup in map '" + map + "'", e);
        }
    }

    /** A per-CPU value, one entry per guest CPU; null when the key is absent. */
    public List<byte[]> lookupPerCpu(String map, byte[] key) {
        byte[] all = lookup(map, key);
        if (all == null) return null;
        MapDef m = map(map);
        int stride = (m.valueSize() + 7) / 8 * 8;
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off + stride <= all.length; off += stride) out.add(Arrays.copyOfRange(all, off, off + m.valueSize()));
        return out;
    }

    /** Sum of a per-CPU u64 counter. */
    public long sumPerCpuU64(String map, byte[] key) {
        List<byte[]> per = lookupPerCpu(map, key);
        long sum = 0;
        if (per != null) for (byte[] v : per) sum += java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        return sum;
    }

    public List<byte[]> keys(String map) {
        List<byte[]> out = new ArrayList<>();
        for (Object k : (List<?>) vm.call("keys", h(), map).get("keys")) out.add(HEX.parseHex((String) k));
        return out;
    }

    /** Program statistics the kernel keeps (run_cnt counts only while kernel.bpf_stats_enabled is 1). */
    public record ProgStats(long id, long runCount, long runTimeNs, long verifiedInsns) {}

    public ProgStats info(String prog) {
        Map<String, Object> r = vm.call("info", h(), prog);
        return new ProgStats((Long) r.get("id"), (Long) r.get("run_cnt"), (Long) r.get("run_time_ns"), (Long) r.get("verified_insns"));
    }

    /**
     * Attaches a program: {@code "auto"} (as libbpf would from the section), {@code "tracepoint", cat, name},
     * {@code "raw_tracepoint", name}, {@code "kprobe", function, "0"|"1"} (1: kretprobe),
     * {@code "uprobe", binary, function, "0"|"1", pid}, {@code "cgroup", dir}.
     *
     * @return the link, to {@link #detach}
     * @throws KernelException with the guest's errno when the kernel refuses
     */
    public int attach(String prog, String... how) {
        String[] t = new String[3 + how.length];
        t[0] = "attach";
        t[1] = h();
        t[2] = prog;
        System.arraycopy(how, 0, t, 3, how.length);
        try {
            return num(vm.call(t), "link");
        } catch (VmException e) {
            throw kernelError("attach of '" + prog + "' (" + String.join(" ", how) + ")", e);
        }
    }

    public void detach(int link) {
        vm.call("detach", Integer.toString(link));
    }

    /** A ring-buffer ({@code perf} false) or perf-buffer reader on {@code map}. */
    public int reader(String map, boolean perf) {
        return num(perf ? vm.call("reader", h(), map, "perf", "8") : vm.call("reader", h(), map, "ring"), "reader");
    }

    /** Records that arrived, waiting up to {@code millis} for the first. */
    public List<Record> poll(int reader, int millis) {
        List<Record> out = new ArrayList<>();
        for (Object o : (List<?>) vm.call("poll", Integer.toString(reader), Integer.toString(millis)).get("records")) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Record(m.containsKey("cpu") ? num(m, "cpu") : -1, HEX.parseHex((String) m.get("data"))));
        }
        return out;
    }

    public void closeReader(int reader) {
        vm.call("unreader", Integer.toString(reader));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (vm.isAlive()) vm.call("close", Integer.toString(handle));
        } catch (VmException e) {
            // the guest is gone: nothing left to free
        } finally {
            vm.releaseHandle(handle);
        }
    }

    static String hex(byte[] b) {
        return b == null || b.length == 0 ? "-" : HEX.formatHex(b);
    }

    @Override
    public String toString() {
        return "GuestObject[" + label + " in " + vm.kernel().name() + (loaded ? ", loaded" : "") + "]";
    }
}
