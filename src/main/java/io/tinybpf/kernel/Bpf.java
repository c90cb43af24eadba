package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Direct bpf(2) system calls: what libbpf 1.1 does not wrap (or wraps with older struct layouts),
 * and the small building blocks the higher-level classes use.
 *
 * <p>Every method throws {@link KernelException} on failure, except the map lookups and deletes
 * whose "no such key" (ENOENT) is an ordinary answer. File descriptors come back as {@link BpfFd}.
 * Layouts follow {@code union bpf_attr} of linux/bpf.h; the attribute buffer is 144 zeroed bytes.
 */
public final class Bpf {
    private Bpf() {}

    private static final long SYS_BPF = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> 321;
        case "aarch64", "arm64", "riscv64", "loongarch64" -> 280;
        default -> -1;
    };
    private static final int ATTR_SIZE = 144;

    // enum bpf_cmd
    static final int MAP_CREATE = 0, MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3,
            MAP_GET_NEXT_KEY = 4, PROG_LOAD = 5, OBJ_PIN = 6, OBJ_GET = 7, PROG_ATTACH = 8, PROG_DETACH = 9,
            PROG_TEST_RUN = 10, PROG_GET_FD_BY_ID = 13, MAP_GET_FD_BY_ID = 14, OBJ_GET_INFO_BY_FD = 15,
            LINK_CREATE = 28, ENABLE_STATS = 32;
    private static final String[] CMD_NAMES = {"BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM",
        "BPF_MAP_DELETE_ELEM", "BPF_MAP_GET_NEXT_KEY", "BPF_PROG_LOAD", "BPF_OBJ_PIN", "BPF_OBJ_GET",
        "BPF_PROG_ATTACH", "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN", "BPF_PROG_GET_NEXT_ID", "BPF_MAP_GET_NEXT_ID",
        "BPF_PROG_GET_FD_BY_ID", "BPF_MAP_GET_FD_BY_ID", "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY",
        "BPF_RAW_TRACEPOINT_OPEN", "BPF_BTF_LOAD", "BPF_BTF_GET_FD_BY_ID", "BPF_TASK_FD_QUERY",
        "BPF_MAP_LOOKUP_AND_DELETE_ELEM", "BPF_MAP_FREEZE", "BPF_BTF_GET_NEXT_ID", "BPF_MAP_LOOKUP_BATCH",
        "BPF_MAP_LOOKUP_AND_DELETE_BATCH", "BPF_MAP_UPDATE_BATCH", "BPF_MAP_DELETE_BATCH", "BPF_LINK_CREATE",
        "BPF_LINK_UPDATE", "BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID", "BPF_ENABLE_STATS"};

    /** Map update flags. */
    public static final int ANY = 0, NOEXIST = 1, EXIST = 2, F_LOCK = 4;
    /** Test-run flags. */
    public static final int F_TEST_RUN_ON_CPU = 1, F_TEST_XDP_LIVE_FRAMES = 2;
    /** Verifier log levels (combine with |). */
    public static final int LOG_LEVEL1 = 1, LOG_LEVEL2 = 2, LOG_STATS = 4;
    /** Largest log buffer the kernel accepts (UINT_MAX >> 2). */
    public static final int MAX_LOG_SIZE = (int) (0xFFFFFFFFL >>> 2);

    static String commandName(int cmd) {
        return cmd >= 0 && cmd < CMD_NAMES.length ? CMD_NAMES[cmd] : "bpf cmd " + cmd;
    }

    /** Raw bpf(cmd, attr, ATTR_SIZE); returns the result or minus errno. */
    static long sysRaw(int cmd, MemorySegment attr) {
        if (SYS_BPF < 0) throw new UnsupportedOperationException("bpf(2) syscall number unknown for " + System.getProperty("os.arch"));
        try {
            long r = (long) Native.SYSCALL3.invokeExact(Native.errnoState(), SYS_BPF, (long) cmd, attr, (long) ATTR_SIZE);
            return r < 0 ? -Native.lastErrno() : r;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** bpf(cmd, attr) throwing {@link KernelException} on failure. */
    static long sys(int cmd, MemorySegment attr) {
        long r = sysRaw(cmd, attr);
        if (r < 0) throw new KernelException(commandName(cmd), (int) -r);
        return r;
    }

    static MemorySegment attr(Arena a) {
        return a.allocate(ATTR_SIZE, 8);
    }

    /** A native copy of {@code b}; NULL for null or empty (the kernel wants NULL with a zero size). */
    static MemorySegment bytes(Arena a, byte[] b) {
        if (b == null || b.length == 0) return MemorySegment.NULL;
        MemorySegment s = a.allocate(Math.max(1, b.length), 8);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, 0, b.length);
        return s;
    }

    static byte[] toBytes(MemorySegment s, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(s, JAVA_BYTE, 0, b, 0, n);
        return b;
    }

    // ---------------------------------------------------------------- maps

    /**
     * BPF_MAP_CREATE.
     *
     * @param name up to 15 characters (longer names are truncated), may be null
     */
    public static BpfFd mapCreate(int mapType, int keySize, int valueSize, int maxEntries, int flags, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, mapType);
            at.set(JAVA_INT, 4, keySize);
            at.set(JAVA_INT, 8, valueSize);
            at.set(JAVA_INT, 12, maxEntries);
            at.set(JAVA_INT, 16, flags);
            putName(at, 28, name);
            return BpfFd.adopt((int) sys(MAP_CREATE, at));
        }
    }

    private static void putName(MemorySegment at, long off, String name) {
        if (name == null) return;
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, 15);
        MemorySegment.copy(b, 0, at, JAVA_BYTE, off, n);
    }

    /**
     * BPF_MAP_LOOKUP_ELEM into {@code valueOut} (which must be the map's full value size; for
     * per-CPU maps {@code roundUp8(valueSize) * possibleCpus}). Returns false when the key is absent.
     */
    public static boolean mapLookup(int mapFd, byte[] key, byte[] valueOut, long flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            MemorySegment v = a.allocate(Math.max(1, valueOut.length), 8);
            at.set(JAVA_INT, 0, mapFd);
            at.set(JAVA_LONG, 8, bytes(a, key).address());
            at.set(JAVA_LONG, 16, v.address());
            at.set(JAVA_LONG, 24, flags);
            long r = sysRaw(MAP_LOOKUP_ELEM, at);
            if (r == -Errno.ENOENT) return false;
            if (r < 0) throw new KernelException(commandName(MAP_LOOKUP_ELEM), (int) -r);
            MemorySegment.copy(v, JAVA_BYTE, 0, valueOut, 0, valueOut.length);
            return true;
        }
    }

    /** BPF_MAP_UPDATE_ELEM with {@link #ANY}, {@link #NOEXIST}, {@link #EXIST} (| {@link #F_LOCK}). */
    public static void mapUpdate(int mapFd, byte[] key, byte[] value, long flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, mapFd);
            at.set(JAVA_LONG, 8, bytes(a, key).address());
            at.set(JAVA_LONG, 16, bytes(a, value).address());
            at.set(JAVA_LONG, 24, flags);
            sys(MAP_UPDATE_ELEM, at);
        }
    }

    /** BPF_MAP_DELETE_ELEM; false when the key was absent. */
    public static boolean mapDelete(int mapFd, byte[] key) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, mapFd);
            at.set(JAVA_LONG, 8, bytes(a, key).address());
            long r = sysRaw(MAP_DELETE_ELEM, at);
            if (r == -Errno.ENOENT) return false;
            if (r < 0) throw new KernelException(commandName(MAP_DELETE_ELEM), (int) -r);
            return true;
        }
    }

    /**
     * BPF_MAP_GET_NEXT_KEY: the key after {@code key} (null = the first key) into {@code nextOut}.
     * Returns false at the end of the map.
     */
    public static boolean mapNextKey(int mapFd, byte[] key, byte[] nextOut) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            MemorySegment n = a.allocate(Math.max(1, nextOut.length), 8);
            at.set(JAVA_INT, 0, mapFd);
            at.set(JAVA_LONG, 8, bytes(a, key).address());
            at.set(JAVA_LONG, 16, n.address());
            long r = sysRaw(MAP_GET_NEXT_KEY, at);
            if (r == -Errno.ENOENT) return false;
            if (r < 0) throw new KernelException(commandName(MAP_GET_NEXT_KEY), (int) -r);
            MemorySegment.copy(n, JAVA_BYTE, 0, nextOut, 0, nextOut.length);
            return true;
        }
    }

    // ---------------------------------------------------------------- programs

    /** A program loaded from raw instructions, with the verifier's log. */
    public record RawProgram(BpfFd fd, VerifierReport report) implements AutoCloseable {
        @Override
        public void close() {
            fd.close();
        }
    }

    /**
     * BPF_PROG_LOAD of raw instructions (each {@code long} one 8-byte instruction as built by
     * {@link #insn}). The log buffer grows on ENOSPC up to {@link #MAX_LOG_SIZE}.
     *
     * @param logLevel {@code 0}, or a combination of {@link #LOG_LEVEL1}, {@link #LOG_LEVEL2}, {@link #LOG_STATS}
     * @throws KernelException with the verifier log when the kernel refuses the program
     */
    public static RawProgram progLoad(int progType, long[] insns, String license, String name,
                                      int expectedAttachType, int logLevel) {
        int logSize = logLevel == 0 ? 0 : 64 * 1024;
        while (true) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment at = attr(a);
                MemorySegment code = a.allocate(JAVA_LONG, Math.max(1, insns.length));
                MemorySegment.copy(insns, 0, code, JAVA_LONG, 0, insns.length);
                MemorySegment lic = a.allocateFrom(license == null ? "GPL" : license);
                MemorySegment log = logSize > 0 ? a.allocate(logSize) : MemorySegment.NULL;
                at.set(JAVA_INT, 0, progType);
                at.set(JAVA_INT, 4, insns.length);
                at.set(JAVA_LONG, 8, code.address());
                at.set(JAVA_LONG, 16, lic.address());
                at.set(JAVA_INT, 24, logSize > 0 ? logLevel : 0);
                at.set(JAVA_INT, 28, logSize);
                at.set(JAVA_LONG, 32, log.address());
                putName(at, 48, name);
                at.set(JAVA_INT, 68, expectedAttachType);
                long r = sysRaw(PROG_LOAD, at);
                String text = logSize > 0 ? Native.bufferString(log) : "";
                if (r == -Errno.ENOSPC && logSize > 0 && logSize < MAX_LOG_SIZE) {
                    logSize = (int) Math.min(MAX_LOG_SIZE, logSize * 8L);
                    continue;
                }
                String pname = name == null ? "(unnamed)" : name;
                if (r < 0) {
                    throw new KernelException("load program '" + pname + "'", (int) -r, text, null, true);
                }
                return new RawProgram(BpfFd.adopt((int) r), VerifierReport.of(pname, true, text, false));
            }
        }
    }

    /** Encodes one BPF instruction: opcode, registers, 16-bit offset, 32-bit immediate. */
    public static long insn(int opcode, int dst, int src, int off, int imm) {
        return (opcode & 0xffL) | ((long) (dst & 0xf) << 8) | ((long) (src & 0xf) << 12)
                | ((long) (off & 0xffff) << 16) | ((long) imm << 32);
    }

    /** {@code r0 = imm; exit} — the smallest valid program, returning {@code imm}. */
    public static long[] returnImm(int imm) {
        return new long[] {insn(0xb7, 0, 0, 0, imm), insn(0x95, 0, 0, 0, 0)};
    }

    /**
     * BPF_PROG_TEST_RUN. Grows the output buffers once if the kernel reports ENOSPC.
     */
    public static TestRunResult testRun(int progFd, TestRun run) {
        int dataOutSize = run.dataOutSize() >= 0 ? run.dataOutSize()
                : run.dataIn() == null ? 0 : run.dataIn().length + 4096;
        int ctxOutSize = run.ctxOutSize();
        for (int attempt = 0; ; attempt++) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment at = attr(a);
                MemorySegment din = bytes(a, run.dataIn());
                MemorySegment dout = dataOutSize > 0 ? a.allocate(dataOutSize, 8) : MemorySegment.NULL;
                MemorySegment cin = bytes(a, run.ctxIn());
                MemorySegment cout = ctxOutSize > 0 ? a.allocate(ctxOutSize, 8) : MemorySegment.NULL;
                at.set(JAVA_INT, 0, progFd);
                if (run.dataIn() != null) {
                    at.set(JAVA_INT, 8, run.dataIn().length);
                    at.set(JAVA_LONG, 16, din.address());
                }
                at.set(JAVA_INT, 12, dataOutSize);
                at.set(JAVA_LONG, 24, dout.address());
                at.set(JAVA_INT, 32, run.repeat());
                if (run.ctxIn() != null) {
                    at.set(JAVA_INT, 40, run.ctxIn().length);
                    at.set(JAVA_LONG, 48, cin.address());
                }
                at.set(JAVA_INT, 44, ctxOutSize);
                at.set(JAVA_LONG, 56, cout.address());
                at.set(JAVA_INT, 64, run.flags());
                at.set(JAVA_INT, 68, run.cpu());
                at.set(JAVA_INT, 72, run.batchSize());
                long r = sysRaw(PROG_TEST_RUN, at);
                int gotData = at.get(JAVA_INT, 12);
                int gotCtx = at.get(JAVA_INT, 44);
                if (r == -Errno.ENOSPC && attempt == 0 && (gotData > dataOutSize || gotCtx > ctxOutSize)) {
                    dataOutSize = Math.max(dataOutSize, gotData);
                    ctxOutSize = Math.max(ctxOutSize, gotCtx);
                    continue;
                }
                if (r < 0) throw new KernelException(commandName(PROG_TEST_RUN), (int) -r);
                byte[] dataOut = dataOutSize > 0 ? toBytes(dout, Math.min(gotData, dataOutSize)) : new byte[0];
                byte[] ctxOut = ctxOutSize > 0 ? toBytes(cout, Math.min(gotCtx, ctxOutSize)) : null;
                byte[] ctxAfter = run.ctxIn() == null ? null : run.ctxIn().length == 0 ? new byte[0]
                        : toBytes(cin, run.ctxIn().length);
                return new TestRunResult(at.get(JAVA_INT, 4), Integer.toUnsignedLong(at.get(JAVA_INT, 36)),
                        dataOut, ctxOut, ctxAfter);
            }
        }
    }

    // ---------------------------------------------------------------- attach

    /** BPF_LINK_CREATE: a kernel link that detaches when its fd is closed. */
    public static BpfFd linkCreate(int progFd, int targetFd, int attachType, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, progFd);
            at.set(JAVA_INT, 4, targetFd);
            at.set(JAVA_INT, 8, attachType);
            at.set(JAVA_INT, 12, flags);
            return BpfFd.adopt((int) sys(LINK_CREATE, at));
        }
    }

    /** BPF_PROG_ATTACH (legacy cgroup/sockmap/flow-dissector attachment, not fd-owned). */
    public static void progAttach(int progFd, int targetFd, int attachType, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, targetFd);
            at.set(JAVA_INT, 4, progFd);
            at.set(JAVA_INT, 8, attachType);
            at.set(JAVA_INT, 12, flags);
            sys(PROG_ATTACH, at);
        }
    }

    /** BPF_PROG_DETACH of a program attached with {@link #progAttach}. */
    public static void progDetach(int progFd, int targetFd, int attachType) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, targetFd);
            at.set(JAVA_INT, 4, progFd);
            at.set(JAVA_INT, 8, attachType);
            sys(PROG_DETACH, at);
        }
    }

    // ---------------------------------------------------------------- pinning, ids, stats

    /** BPF_OBJ_PIN: pins a map/program/link fd at {@code path} on a bpffs mount. */
    public static void objPin(int fd, String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_LONG, 0, a.allocateFrom(path).address());
            at.set(JAVA_INT, 8, fd);
            long r = sysRaw(OBJ_PIN, at);
            if (r < 0) throw new KernelException("BPF_OBJ_PIN " + path, (int) -r);
        }
    }

    /** BPF_OBJ_GET: opens a pinned object. */
    public static BpfFd objGet(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_LONG, 0, a.allocateFrom(path).address());
            long r = sysRaw(OBJ_GET, at);
            if (r < 0) throw new KernelException("BPF_OBJ_GET " + path, (int) -r);
            return BpfFd.adopt((int) r);
        }
    }

    /** BPF_PROG_GET_FD_BY_ID. */
    public static BpfFd progFdById(int id) {
        return fdById(PROG_GET_FD_BY_ID, id);
    }

    /** BPF_MAP_GET_FD_BY_ID. */
    public static BpfFd mapFdById(int id) {
        return fdById(MAP_GET_FD_BY_ID, id);
    }

    private static BpfFd fdById(int cmd, int id) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, id);
            return BpfFd.adopt((int) sys(cmd, at));
        }
    }

    /**
     * BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): while the returned fd is open the kernel counts
     * {@code run_cnt}/{@code run_time_ns} of every program ({@link ProgInfo#runCount()}).
     */
    public static BpfFd enableStats() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment at = attr(a);
            at.set(JAVA_INT, 0, 0);
            return BpfFd.adopt((int) sys(ENABLE_STATS, at));
        }
    }

    // ---------------------------------------------------------------- info

    private static MemorySegment info(Arena a, int fd, int len, MemorySegment info) {
        MemorySegment at = attr(a);
        at.set(JAVA_INT, 0, fd);
        at.set(JAVA_INT, 4, len);
        at.set(JAVA_LONG, 8, info.address());
        sys(OBJ_GET_INFO_BY_FD, at);
        return info;
    }

    /** BPF_OBJ_GET_INFO_BY_FD on a program. */
    public static ProgInfo progInfo(int progFd) {
        final int size = 232; // sizeof(struct bpf_prog_info) in the 6.1 UAPI headers
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = info(a, progFd, size, a.allocate(size, 8));
            int nrMaps = in.get(JAVA_INT, 52);
            List<Integer> mapIds = new ArrayList<>();
            if (nrMaps > 0) {
                MemorySegment ids = a.allocate(JAVA_INT, nrMaps);
                MemorySegment again = a.allocate(size, 8);
                again.set(JAVA_INT, 52, nrMaps);
                again.set(JAVA_LONG, 56, ids.address());
                info(a, progFd, size, again);
                int n = Math.min(nrMaps, again.get(JAVA_INT, 52));
                for (int i = 0; i < n; i++) mapIds.add(ids.getAtIndex(JAVA_INT, i));
            }
            byte[] tag = toBytes(in.asSlice(8, 8), 8);
            int type = in.get(JAVA_INT, 0);
            int xl = in.get(JAVA_INT, 20);
            return new ProgInfo(type, Libbpf.progTypeName(type), in.get(JAVA_INT, 4), HexFormat.of().formatHex(tag),
                    Native.fixedString(in, 64, 16), in.get(JAVA_INT, 16), xl, xl / 8, in.get(JAVA_INT, 216),
                    in.get(JAVA_LONG, 40), in.get(JAVA_INT, 48), mapIds, in.get(JAVA_INT, 128),
                    (in.get(JAVA_INT, 84) & 1) != 0, in.get(JAVA_LONG, 192), in.get(JAVA_LONG, 200),
                    in.get(JAVA_LONG, 208));
        }
    }

    /** BPF_OBJ_GET_INFO_BY_FD on a map. */
    public static MapInfo mapInfo(int mapFd) {
        final int size = 88; // sizeof(struct bpf_map_info)
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = info(a, mapFd, size, a.allocate(size, 8));
            int type = in.get(JAVA_INT, 0);
            return new MapInfo(type, Libbpf.mapTypeName(type), in.get(JAVA_INT, 4), Native.fixedString(in, 24, 16),
                    in.get(JAVA_INT, 8), in.get(JAVA_INT, 12), in.get(JAVA_INT, 16), in.get(JAVA_INT, 20),
                    in.get(JAVA_INT, 64));
        }
    }

    /** BPF_OBJ_GET_INFO_BY_FD on a link. */
    public static LinkInfo linkInfo(int linkFd) {
        final int size = 48; // sizeof(struct bpf_link_info) in the 6.1 UAPI headers
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = info(a, linkFd, size, a.allocate(size, 8));
            int type = in.get(JAVA_INT, 0);
            return new LinkInfo(type, Libbpf.linkTypeName(type), in.get(JAVA_INT, 4), in.get(JAVA_INT, 8));
        }
    }

    // ---------------------------------------------------------------- CPUs

    private static volatile int possibleCpus;

    /**
     * Number of possible CPUs (from {@code /sys/devices/system/cpu/possible}, e.g. "0-3" → 4):
     * the multiplier for per-CPU map values.
     */
    public static int possibleCpus() {
        int n = possibleCpus;
        if (n > 0) return n;
        try {
            n = parseCpuList(java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible")));
        } catch (java.io.IOException e) {
            n = Runtime.getRuntime().availableProcessors();
        }
        possibleCpus = n;
        return n;
    }

    /** Counts the CPUs in a kernel CPU list like {@code "0-3,8,10-11"} (here 7). */
    static int parseCpuList(String s) {
        int count = 0;
        for (String part : s.trim().split(",")) {
            part = part.trim();
            if (part.isEmpty()) continue;
            int dash = part.indexOf('-');
            if (dash < 0) {
                count++;
            } else {
                count += Integer.parseInt(part.substring(dash + 1).trim()) - Integer.parseInt(part.substring(0, dash).trim()) + 1;
            }
        }
        return count;
    }
}
