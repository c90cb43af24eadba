package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One program of a {@link BpfObject}. Before {@link BpfObject#load()} its type, expected attach
 * type and autoload flag can be changed; after it, it has an fd, can be test-run and attached.
 * Every {@code attach*} method returns a {@link BpfLink} that the object also tracks, so closing
 * the object detaches whatever is still attached.
 */
public final class BpfProgram {
    /** XDP attach flags (linux/if_link.h). 0 lets the kernel choose (native if the driver supports it). */
    public static final int XDP_FLAGS_SKB_MODE = 1 << 1, XDP_FLAGS_DRV_MODE = 1 << 2, XDP_FLAGS_HW_MODE = 1 << 3;
    private static final int SOL_SOCKET = 1, SO_ATTACH_BPF = 50, SO_DETACH_BPF = 27;

    private final BpfObject owner;
    private final int index;
    private final String name;
    private final String section;

    BpfProgram(BpfObject owner, int index, String name, String section) {
        this.owner = owner;
        this.index = index;
        this.name = name;
        this.section = section;
    }

    private MemorySegment ptr() {
        return owner.progPtr(index);
    }

    /** The C function name. */
    public String name() {
        return name;
    }

    /** The ELF section, e.g. {@code "tracepoint/syscalls/sys_enter_connect"} or {@code "xdp"}. */
    public String section() {
        return section;
    }

    /** BPF_PROG_TYPE_* number (as libbpf derived it from the section, or as set). */
    public int type() {
        return Libbpf.callInt(Libbpf.PROG_TYPE, ptr());
    }

    /** libbpf's name of the program type, e.g. "tracepoint", "xdp", "sched_cls". */
    public String typeName() {
        return Libbpf.progTypeName(type());
    }

    /** BPF_* attach type libbpf will pass as expected_attach_type. */
    public int expectedAttachType() {
        return Libbpf.callInt(Libbpf.PROG_EXPECTED_ATTACH_TYPE, ptr());
    }

    public String expectedAttachTypeName() {
        return Libbpf.attachTypeName(expectedAttachType());
    }

    /** Number of BPF instructions libbpf holds for this program (after relocation once loaded). */
    public int instructionCount() {
        return (int) (long) Libbpf.call(Libbpf.PROG_INSN_CNT, ptr());
    }

    public boolean autoload() {
        return (boolean) Libbpf.call(Libbpf.PROG_AUTOLOAD, ptr());
    }

    /** Before load: whether {@link BpfObject#load()} submits this program (default true). */
    public BpfProgram setAutoload(boolean on) {
        owner.edit("set autoload of '" + name + "'", o -> Libbpf.callInt(Libbpf.PROG_SET_AUTOLOAD, o.progPtr(index), on));
        return this;
    }

    /** Before load: overrides the program type (BPF_PROG_TYPE_*). */
    public BpfProgram setType(int progType) {
        owner.edit("set type of '" + name + "'", o -> Libbpf.callInt(Libbpf.PROG_SET_TYPE, o.progPtr(index), progType));
        return this;
    }

    /** Before load: overrides the expected attach type (BPF_*). */
    public BpfProgram setExpectedAttachType(int attachType) {
        owner.edit("set expected attach type of '" + name + "'",
                o -> Libbpf.callInt(Libbpf.PROG_SET_EXPECTED_ATTACH_TYPE, o.progPtr(index), attachType));
        return this;
    }

    /** The program fd, or -1 before load (or when not loaded). */
    public int fd() {
        int fd = Libbpf.callInt(Libbpf.PROG_FD, ptr());
        return fd < 0 ? -1 : fd;
    }

    private int requireFd() {
        int fd = fd();
        if (fd < 0) throw new IllegalStateException("program '" + name + "' is not loaded");
        return fd;
    }

    /** This program's verifier report from the last {@link BpfObject#load()}. */
    public Optional<VerifierReport> verifierReport() {
        LoadResult r = owner.loadResult();
        return r == null ? Optional.empty() : r.program(name);
    }

    /** The kernel's information on the loaded program (ids, sizes, verified_insns, run stats). */
    public ProgInfo info() {
        return Bpf.progInfo(requireFd());
    }

    /** BPF_PROG_TEST_RUN; see {@link TestRun} for what each program type accepts. */
    public TestRunResult testRun(TestRun run) {
        try {
            return Bpf.testRun(requireFd(), run);
        } catch (KernelException e) {
            throw new KernelException("test run of '" + name + "' (" + typeName() + ")", e.errno());
        }
    }

    /** Pins the program at {@code path} on bpffs. */
    public void pin(Path path) {
        Bpf.objPin(requireFd(), path.toString());
    }

    // ---------------------------------------------------------------- attach

    private String what(String target) {
        return "prog '" + name + "' -> " + target;
    }

    private BpfLink libbpfAttach(String target, java.lang.invoke.MethodHandle mh, Object... args) {
        requireFd();
        MemorySegment link = Libbpf.callPtr("attach " + what(target), mh, args);
        return owner.track(BpfLink.ofLibbpf(what(target), link));
    }

    /** Attaches as libbpf would from the section name (tp_btf, raw_tp/NAME, tracepoint/CAT/NAME, uprobe/..., ...). */
    public BpfLink attach() {
        return libbpfAttach("auto (" + section + ")", Libbpf.PROG_ATTACH, ptr());
    }

    /** Attaches to {@code /sys/kernel/tracing/events/CATEGORY/NAME}. */
    public BpfLink attachTracepoint(String category, String tracepoint) {
        try (Arena a = Arena.ofConfined()) {
            return libbpfAttach("tracepoint " + category + "/" + tracepoint, Libbpf.PROG_ATTACH_TRACEPOINT, ptr(),
                    a.allocateFrom(category), a.allocateFrom(tracepoint));
        }
    }

    /** Attaches to a raw tracepoint (e.g. {@code "sys_enter"}). */
    public BpfLink attachRawTracepoint(String tracepoint) {
        try (Arena a = Arena.ofConfined()) {
            return libbpfAttach("raw_tracepoint " + tracepoint, Libbpf.PROG_ATTACH_RAW_TRACEPOINT, ptr(),
                    a.allocateFrom(tracepoint));
        }
    }

    /** Attaches a kprobe/kretprobe to a kernel function (ENOENT when the kernel lacks CONFIG_KPROBES). */
    public BpfLink attachKprobe(String function, boolean retprobe) {
        try (Arena a = Arena.ofConfined()) {
            return libbpfAttach((retprobe ? "kretprobe " : "kprobe ") + function, Libbpf.PROG_ATTACH_KPROBE, ptr(),
                    retprobe, a.allocateFrom(function));
        }
    }

    /** Attaches a uprobe (or uretprobe) on the entry of {@code function} in {@code binary}, for all processes. */
    public BpfLink attachUprobe(Path binary, String function, boolean retprobe) {
        return attachUprobe(binary, function, 0, -1, retprobe);
    }

    /**
     * Attaches a uprobe/uretprobe.
     *
     * @param binary   executable or shared library
     * @param function symbol to probe (resolved by libbpf from the ELF symbol table), or null to use
     *                 {@code offset} as a file offset
     * @param offset   offset within {@code function} (or the file offset when {@code function} is null)
     * @param pid      process to trace, -1 for all
     */
    public BpfLink attachUprobe(Path binary, String function, long offset, int pid, boolean retprobe) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment opts = a.allocate(40, 8); // struct bpf_uprobe_opts
            opts.set(JAVA_LONG, 0, 40);
            opts.set(JAVA_BYTE, 24, (byte) (retprobe ? 1 : 0));
            if (function != null) opts.set(java.lang.foreign.ValueLayout.ADDRESS, 32, a.allocateFrom(function));
            String target = (retprobe ? "uretprobe " : "uprobe ") + binary + ":" + (function != null ? function : "")
                    + (offset != 0 ? "+" + offset : "") + (pid >= 0 ? " pid " + pid : "");
            return libbpfAttach(target, Libbpf.PROG_ATTACH_UPROBE_OPTS, ptr(), pid,
                    a.allocateFrom(binary.toAbsolutePath().toString()), offset, opts);
        }
    }

    /**
     * Attaches an XDP program to an interface through a kernel link (BPF_LINK_CREATE), detached on
     * close. {@code flags}: 0, {@link #XDP_FLAGS_SKB_MODE} (generic) or {@link #XDP_FLAGS_DRV_MODE} (native).
     */
    public BpfLink attachXdp(int ifindex, int flags) {
        BpfFd fd;
        try {
            fd = Bpf.linkCreate(requireFd(), ifindex, io.tinybpf.bpf.AttachType.XDP.number(), flags);
        } catch (KernelException e) {
            throw new KernelException("attach " + what("xdp ifindex " + ifindex), e.errno());
        }
        String mode = (flags & XDP_FLAGS_SKB_MODE) != 0 ? " (generic)" : (flags & XDP_FLAGS_DRV_MODE) != 0 ? " (native)" : "";
        return owner.track(BpfLink.ofFd(what("xdp ifindex " + ifindex + mode), fd));
    }

    /** Attaches to a cgroup v2 directory with the program's expected attach type (from its section). */
    public BpfLink attachCgroup(Path cgroupDir) {
        return attachCgroup(cgroupDir, expectedAttachType());
    }

    /** Attaches to a cgroup v2 directory with an explicit BPF_CGROUP_* attach type (kernel link). */
    public BpfLink attachCgroup(Path cgroupDir, int attachType) {
        int cg = Native.open(cgroupDir.toString(), Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC);
        try {
            return attachCgroup(cg, attachType, cgroupDir.toString());
        } finally {
            Native.close(cg);
        }
    }

    /** Attaches to an open cgroup directory fd (the caller keeps owning {@code cgroupFd}). */
    public BpfLink attachCgroup(int cgroupFd, int attachType) {
        return attachCgroup(cgroupFd, attachType, "fd " + cgroupFd);
    }

    private BpfLink attachCgroup(int cgroupFd, int attachType, String where) {
        String target = "cgroup " + where + " (" + Libbpf.attachTypeName(attachType) + ")";
        BpfFd fd;
        try {
            fd = Bpf.linkCreate(requireFd(), cgroupFd, attachType, 0);
        } catch (KernelException e) {
            throw new KernelException("attach " + what(target), e.errno());
        }
        return owner.track(BpfLink.ofFd(what(target), fd));
    }

    /** Attaches a socket filter to an open socket ({@code SO_ATTACH_BPF}); close detaches ({@code SO_DETACH_BPF}). */
    public BpfLink attachSocket(int socketFd) {
        int err = Native.setsockoptInt(socketFd, SOL_SOCKET, SO_ATTACH_BPF, requireFd());
        if (err != 0) throw new KernelException("attach " + what("socket fd " + socketFd) + " (SO_ATTACH_BPF)", err);
        return owner.track(new BpfLink(what("socket fd " + socketFd), -1,
                () -> Native.setsockoptInt(socketFd, SOL_SOCKET, SO_DETACH_BPF, 0)));
    }

    /**
     * Attaches a tc classifier (direct-action) to the clsact qdisc of an interface, creating the
     * qdisc when missing. Close removes the filter, and the qdisc too once the last filter this
     * process attached through a qdisc it created is gone.
     */
    public BpfLink attachTc(int ifindex, TcDirection direction) {
        return attachTc(ifindex, direction, 0, 0);
    }

    /** As {@link #attachTc(int, TcDirection)} with an explicit filter handle and priority (0: kernel picks). */
    public BpfLink attachTc(int ifindex, TcDirection direction, int handle, int priority) {
        int progFd = requireFd();
        String target = "tc " + direction.name().toLowerCase(java.util.Locale.ROOT) + " ifindex " + ifindex;
        Tc.acquireQdisc(ifindex);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment hook = Tc.hook(a, ifindex, direction.attachPoint);
            MemorySegment opts = a.allocate(32, 8); // struct bpf_tc_opts
            opts.set(JAVA_LONG, 0, 32);
            opts.set(JAVA_INT, 8, progFd);
            opts.set(JAVA_INT, 20, handle);
            opts.set(JAVA_INT, 24, priority);
            Libbpf.callChecked("attach " + what(target), Libbpf.TC_ATTACH, Libbpf.NONE_OK, hook, opts);
            int gotHandle = opts.get(JAVA_INT, 20), gotPriority = opts.get(JAVA_INT, 24);
            BpfLink link = new BpfLink(what(target + " handle " + gotHandle + " prio " + gotPriority), -1, () -> {
                try (Arena d = Arena.ofConfined()) {
                    MemorySegment h = Tc.hook(d, ifindex, direction.attachPoint);
                    MemorySegment o = d.allocate(32, 8);
                    o.set(JAVA_LONG, 0, 32);
                    o.set(JAVA_INT, 20, gotHandle);
                    o.set(JAVA_INT, 24, gotPriority);
                    Libbpf.callChecked("detach tc filter", Libbpf.TC_DETACH, Libbpf.NONE_OK, h, o);
                } finally {
                    Tc.releaseQdisc(ifindex);
                }
            });
            return owner.track(link);
        } catch (RuntimeException e) {
            Tc.releaseQdisc(ifindex);
            throw e;
        }
    }

    /** The id of the program attached at a tc hook with the given handle/priority, if any (bpf_tc_query). */
    public static Optional<Integer> tcQuery(int ifindex, TcDirection direction, int handle, int priority) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment hook = Tc.hook(a, ifindex, direction.attachPoint);
            MemorySegment opts = a.allocate(32, 8);
            opts.set(JAVA_LONG, 0, 32);
            opts.set(JAVA_INT, 20, handle);
            opts.set(JAVA_INT, 24, priority);
            int r = Libbpf.callChecked("bpf_tc_query ifindex " + ifindex, Libbpf.TC_QUERY, new int[] {Errno.ENOENT}, hook, opts);
            if (r < 0) return Optional.empty();
            return Optional.of(opts.get(JAVA_INT, 16));
        }
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + " section=" + section + "]";
    }

    /** clsact qdisc bookkeeping: destroy only qdiscs this process created, once unused. */
    static final class Tc {
        private Tc() {}

        private static final int BPF_TC_INGRESS = 1, BPF_TC_EGRESS = 2;
        private static final Map<Integer, int[]> QDISCS = new HashMap<>(); // ifindex -> {users, createdByUs}

        static MemorySegment hook(Arena a, int ifindex, int attachPoint) {
            MemorySegment hook = a.allocate(24, 8); // struct bpf_tc_hook
            hook.set(JAVA_LONG, 0, 24);
            hook.set(JAVA_INT, 8, ifindex);
            hook.set(JAVA_INT, 12, attachPoint);
            return hook;
        }

        static synchronized void acquireQdisc(int ifindex) {
            int[] st = QDISCS.get(ifindex);
            if (st == null) {
                try (Arena a = Arena.ofConfined()) {
                    int r = Libbpf.callChecked("create clsact qdisc on ifindex " + ifindex, Libbpf.TC_HOOK_CREATE,
                            new int[] {Errno.EEXIST}, hook(a, ifindex, BPF_TC_INGRESS));
                    st = new int[] {0, r == 0 ? 1 : 0};
                    QDISCS.put(ifindex, st);
                }
            }
            st[0]++;
        }

        static synchronized void releaseQdisc(int ifindex) {
            int[] st = QDISCS.get(ifindex);
            if (st == null) return;
            if (--st[0] > 0) return;
            QDISCS.remove(ifindex);
            if (st[1] == 1) {
                try (Arena a = Arena.ofConfined()) {
                    Libbpf.callChecked("destroy clsact qdisc", Libbpf.TC_HOOK_DESTROY, Libbpf.NONE_OK,
                            hook(a, ifindex, BPF_TC_INGRESS | BPF_TC_EGRESS));
                }
            }
        }
    }
}
