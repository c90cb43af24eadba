package io.tinybpf.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.kernel.BpfMap;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.Errno;
import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.Packets;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Kernels;
import io.tinybpf.testing.Kernels.Feature;
import io.tinybpf.testing.Requires;
import io.tinybpf.testing.TestKernel;
import io.tinybpf.testing.TestKernel.Ids;
import io.tinybpf.testing.TestKernel.Obj;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example, built from Go by the real TinyGo and LLVM, loaded through each kernel's verifier
 * (the host and the VM kernels of {@link Kernels#all()}), and run: attached, or test-run on crafted
 * inputs, with the effect its README promises checked. What a kernel cannot do (fentry refused by
 * a sandbox, no kprobes, a kfunc it predates) skips that kernel with the reason; {@link
 * Kernels.Coverage} fails a behaviour no kernel of the matrix could prove (under CI=true).
 */
@Tag("kernel")
@Tag("tinygo")
@ExtendWith(Kernels.Coverage.class)
class ExamplesKernelTest {
    static final int XDP_DROP = 1, XDP_PASS = 2, XDP_TX = 3, TC_ACT_OK = 0, TC_ACT_SHOT = 2, AT_FDCWD = -100;

    static List<TestKernel> kernels() {
        return Kernels.all();
    }

    static Obj open(TestKernel k, String example) {
        Examples.Built b = Examples.build(example);
        return k.open(b.object());
    }

    /** In a VM the agent is the only process acting, so counts are exact; on the host other test threads share our tgid. */
    static boolean exclusive(TestKernel k) {
        return !k.name().equals("host");
    }

    static void tracefs(TestKernel k) {
        if (!exclusive(k)) Requires.tracefs(); // the guest agent mounts tracefs itself
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String cstring(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Polls until a record matches (or 5 s pass). */
    static byte[] await(TestKernel.Reader r, Predicate<byte[]> match) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (byte[] e : r.poll(100)) if (match.test(e)) return e;
        }
        return null;
    }

    static void detach(AutoCloseable link) throws Exception {
        link.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void tracepointConnectTracerReportsOurPidAndPort(TestKernel k) throws Exception {
        tracefs(k);
        try (Obj obj = open(k, "tracepoint-connect"); TestKernel.Listener srv = k.actor().listen()) {
            obj.load();
            AutoCloseable l = obj.attach("handle_connect", "tracepoint", "syscalls", "sys_enter_connect");
            try (TestKernel.Reader rb = obj.reader("events", false)) {
                assertEquals(0, k.actor().connect(srv.port()), "connect to the listener");
                Ids who = k.actor().self();
                byte[] ev = await(rb, e -> le(e).getInt(0) == who.tgid() && (le(e).getShort(4) & 0xffff) == srv.port());
                assertNotNull(ev, "a ring-buffer event for our connect() to port " + srv.port());
                assertEquals(28, ev.length);
                assertEquals(2, le(ev).getShort(6), "AF_INET");
                assertArrayEquals(new byte[] {127, 0, 0, 1}, java.util.Arrays.copyOfRange(ev, 8, 12));
                assertEquals(who.comm(), cstring(ev, 12, 16), "the connecting thread's command name");
            } finally {
                detach(l);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void rawTracepointCoReReadsTheExecingTask(TestKernel k) throws Exception {
        try (Obj obj = open(k, "rawtp-exec")) {
            obj.load();
            AutoCloseable l = obj.attach("handle_exec", "raw_tracepoint", "sched_process_exec");
            try (TestKernel.Reader rb = obj.reader("events", false)) {
                TestKernel.Proc child = k.actor().runTrue();
                assertEquals(0, child.status());
                byte[] ev = await(rb, e -> le(e).getInt(4) == child.pid() && cstring(e, 24, 16).equals("true"));
                assertNotNull(ev, "an exec event for our child " + child.pid());
                ByteBuffer b = le(ev);
                assertEquals(child.pid(), b.getInt(0), "task_struct.pid read through CO-RE");
                assertEquals(child.pid(), b.getInt(4), "task_struct.tgid");
                assertEquals(k.actor().self().tgid(), b.getInt(8), "real_parent->tgid is whoever started it");
                assertEquals(b.getInt(0), b.getInt(12), "CO-RE pid equals bpf_get_current_pid_tgid's pid");
                assertEquals(b.getInt(4), b.getInt(16), "CO-RE tgid equals bpf_get_current_pid_tgid's tgid");
            } finally {
                detach(l);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void coReReadsMatchTheHelperInATestRun(TestKernel k) {
        try (Obj obj = open(k, "rawtp-exec")) {
            obj.load();
            try (TestKernel.Reader rb = obj.reader("events", false)) {
                obj.testRun("handle_exec", TestRun.context(new byte[8]));
                long tgid = k.actor().self().tgid();
                byte[] ev = await(rb, e -> le(e).getInt(4) == tgid);
                assertNotNull(ev, "the test run executes in the caller's thread, so tgid is the caller's");
                assertEquals(le(ev).getInt(12), le(ev).getInt(0), "pid: CO-RE vs bpf_get_current_pid_tgid");
                assertEquals(tgid, le(ev).getInt(16));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void perCpuCounterRisesWithSystemCalls(TestKernel k) throws Exception {
        tracefs(k);
        try (Obj obj = open(k, "percpu-counter")) {
            obj.load();
            assertEquals("percpu_array", obj.mapType("counters"));
            byte[] key = LittleEndian.u32(0);
            AutoCloseable l = obj.attach("count_syscalls", "tracepoint", "raw_syscalls", "sys_enter");
            try {
                long before = obj.sumPerCpuU64("counters", key);
                k.actor().getppid(200);
                long after = obj.sumPerCpuU64("counters", key);
                assertTrue(after >= before + 200, "counter rose from " + before + " to " + after);
            } finally {
                detach(l);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void xdpBlocklistDropsListedSources(TestKernel k) {
        try (Obj obj = open(k, "xdp-blocklist")) {
            obj.load();
            byte[] pkt = Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1234, 53);
            assertEquals(XDP_PASS, obj.testRun("xdp_blocklist", TestRun.packet(pkt)).retval(), "not listed yet");
            obj.update("blocklist", Packets.addr("10.0.0.1"), LittleEndian.u64(0));
            assertEquals(XDP_DROP, obj.testRun("xdp_blocklist", TestRun.packet(pkt).withRepeat(3)).retval(), "listed source is dropped");
            assertEquals(3, le(obj.lookup("blocklist", Packets.addr("10.0.0.1"))).getLong(0), "each drop counted");
            assertEquals(XDP_PASS, obj.testRun("xdp_blocklist", TestRun.packet(Packets.ipv4(Packets.UDP, "10.0.0.9", "10.0.0.2", 1, 2))).retval());
            assertEquals(XDP_PASS, obj.testRun("xdp_blocklist", TestRun.packet(Packets.arp())).retval(), "not IPv4");
            assertEquals(XDP_PASS, obj.testRun("xdp_blocklist", TestRun.packet(java.util.Arrays.copyOf(pkt, 30))).retval(),
                    "truncated: bounds check");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void tcIngressDropsBlockedPorts(TestKernel k) {
        try (Obj obj = open(k, "tc-port-drop")) {
            obj.load();
            assertEquals("sched_cls", obj.typeName("tc_ingress"));
            byte[] tcp = Packets.ipv4(Packets.TCP, "10.0.0.1", "10.0.0.2", 40000, 8080);
            byte[] udp = Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 40000, 8080);
            assertEquals(TC_ACT_OK, obj.testRun("tc_ingress", TestRun.packet(tcp)).retval());
            obj.update("blockedPorts", LittleEndian.u16(8080), LittleEndian.u64(0));
            assertEquals(TC_ACT_SHOT, obj.testRun("tc_ingress", TestRun.packet(tcp)).retval(), "TCP to a blocked port");
            assertEquals(TC_ACT_SHOT, obj.testRun("tc_ingress", TestRun.packet(udp)).retval(), "UDP to a blocked port");
            assertEquals(TC_ACT_OK, obj.testRun("tc_ingress", TestRun.packet(Packets.ipv4(Packets.TCP, "10.0.0.1", "10.0.0.2", 1, 80))).retval());
            assertEquals(2, le(obj.lookup("blockedPorts", LittleEndian.u16(8080))).getLong(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void cgroupConnect4RefusesBlockedDestinations(TestKernel k) throws Exception {
        if (!exclusive(k)) Requires.kernel();
        String cg = k.actor().newCgroup();
        Requires.that(cg != null, "cgroup v2 on kernel " + k.name());
        try (Obj obj = open(k, "cgroup-connect4"); TestKernel.Listener blocked = k.actor().listen();
             TestKernel.Listener allowed = k.actor().listen()) {
            obj.load();
            // destKey{Addr, Port}: both as connect() sees them, in network byte order
            byte[] key = ByteBuffer.allocate(8).put(Packets.addr("127.0.0.1")).put((byte) (blocked.port() >> 8)).put((byte) blocked.port())
                    .put((byte) 0).put((byte) 0).array();
            obj.update("blockedDests", key, LittleEndian.u64(0));
            AutoCloseable l = obj.attach("block_connect4", "cgroup", cg);
            try {
                assertEquals(Errno.EPERM, k.actor().connectFrom(cg, blocked.port()), "blocked destination");
                assertEquals(0, k.actor().connectFrom(cg, allowed.port()), "allowed destination");
                assertEquals(1, le(obj.lookup("blockedDests", key)).getLong(0), "the refusal was counted");
            } finally {
                detach(l);
            }
        } finally {
            k.actor().removeCgroup(cg);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void socketFilterKeepsOnlyUdpAndCountsProtocols(TestKernel k) {
        try (Obj obj = open(k, "socket-filter")) {
            obj.load();
            assertEquals(0xffff, obj.testRun("udp_only", TestRun.packet(Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1, 2))).retval());
            assertEquals(0, obj.testRun("udp_only", TestRun.packet(Packets.ipv4(Packets.TCP, "10.0.0.1", "10.0.0.2", 1, 2))).retval());
            assertEquals(1, le(obj.lookup("protoCounts", LittleEndian.u32(17))).getLong(0));
            assertEquals(1, le(obj.lookup("protoCounts", LittleEndian.u32(6))).getLong(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void uprobeCountsCallsOfAUserFunction(TestKernel k) throws Exception {
        try (Obj obj = open(k, "uprobe-count")) {
            obj.load();
            AutoCloseable l = obj.attach("on_call", "uprobe", k.actor().probeBinary(), "tinybpf_probe_me", "0");
            try {
                TestKernel.Proc p = k.actor().probe(7);
                assertEquals(0, p.status());
                ByteBuffer s = le(obj.lookup("stats", LittleEndian.u32(0)));
                assertEquals(7, s.getLong(0), "calls");
                assertEquals(6, s.getLong(8), "the last call's argument (rdi)");
                assertEquals(p.pid(), s.getInt(16), "the caller's pid");
            } finally {
                detach(l);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void lpmTrieLongestPrefixWins(TestKernel k) {
        try (Obj obj = open(k, "lpm-trie")) {
            obj.load();
            obj.update("classes", lpmKey(8, "10.0.0.0"), LittleEndian.u32(1));
            obj.update("classes", lpmKey(16, "10.1.0.0"), LittleEndian.u32(2));
            assertEquals(XDP_TX, classify(obj, "10.1.2.3"), "/16 beats /8");
            assertEquals(XDP_DROP, classify(obj, "10.2.0.1"), "only /8 matches");
            assertEquals(XDP_PASS, classify(obj, "192.168.0.1"), "no match");
        }
    }

    private static byte[] lpmKey(int prefixlen, String addr) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(prefixlen).put(Packets.addr(addr)).array();
    }

    private static int classify(Obj obj, String src) {
        return obj.testRun("classify_source", TestRun.packet(Packets.ipv4(Packets.UDP, src, "10.9.9.9", 1, 2))).retval();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void tailCallReachesTheSecondProgram(TestKernel k) {
        try (Obj obj = open(k, "tail-calls")) {
            obj.load();
            byte[] pkt = Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1, 2);
            assertEquals(XDP_PASS, obj.testRun("dispatch", TestRun.packet(pkt)).retval(), "empty slot: the tail call falls through");
            obj.updateProgram("jumpTable", LittleEndian.u32(0), "handle_drop");
            assertEquals(XDP_DROP, obj.testRun("dispatch", TestRun.packet(pkt)).retval(), "handle_drop ran");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void perfEventArrayDeliversPidTgidAndComm(TestKernel k) throws Exception {
        tracefs(k);
        try (Obj obj = open(k, "perf-event")) {
            obj.load();
            AutoCloseable l = obj.attach("on_getppid", "tracepoint", "syscalls", "sys_enter_getppid");
            try (TestKernel.Reader pb = obj.reader("events", true)) {
                Ids who = k.actor().getppid(1);
                byte[] ev = await(pb, e -> le(e).getInt(0) == who.pid() && le(e).getInt(4) == who.tgid());
                assertNotNull(ev, "a perf event from the getppid() of thread " + who.pid() + " of process " + who.tgid());
                assertTrue(ev.length >= 24, "pid, tgid and a 16-byte comm: " + ev.length + " bytes");
                assertEquals(who.comm(), cstring(ev, 8, 16), "comm of the calling thread");
            } finally {
                detach(l);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void rodataConstantsSetBeforeLoadChangeTheResult(TestKernel k) {
        try (Obj obj = open(k, "rodata-config")) {
            obj.load();
            assertEquals(0, obj.testRun("scale", TestRun.context(LittleEndian.u32(5))).retval(), "placeholders are zero");
        }
        try (Obj obj = open(k, "rodata-config")) {
            obj.setVariable("multiplier", LittleEndian.u32(3)).setVariable("offset", LittleEndian.u32(7));
            obj.load();
            assertEquals(22, obj.testRun("scale", TestRun.context(LittleEndian.u32(5))).retval(), "5*3+7");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void kprobePairCountsCallsAndFailuresPerProcess(TestKernel k) throws Exception {
        try (Obj obj = open(k, "kprobe-unlink")) {
            assertEquals("kprobe/do_unlinkat", obj.section("unlink_enter"));
            assertEquals("kretprobe/do_unlinkat", obj.section("unlink_exit"));
            LoadResult r = Kernels.load(k, obj);
            assertTrue(r.success(), "both programs pass the verifier");
            String path = k.actor().tempPath(io.tinybpf.kernel.Fixtures.uniqueName("unlink-"));
            k.actor().createFile(path);
            AutoCloseable enter = Kernels.attach(k, obj, Feature.KPROBE, "unlink_enter", "kprobe", "do_unlinkat", "0");
            AutoCloseable exit = Kernels.attach(k, obj, Feature.KPROBE, "unlink_exit", "kprobe", "do_unlinkat", "1");
            try {
                assertEquals(0, k.actor().unlink(path), "the first unlink succeeds");
                assertEquals(Errno.ENOENT, k.actor().unlink(path), "the second finds nothing");
            } finally {
                detach(exit);
                detach(enter);
            }
            ByteBuffer s = le(obj.lookup("perPid", LittleEndian.u32((int) k.actor().self().tgid())));
            if (exclusive(k)) {
                assertEquals(2, s.getLong(0), "calls");
                assertEquals(1, s.getLong(8), "failures");
            } else {
                assertTrue(s.getLong(0) >= 2 && s.getLong(8) >= 1, "calls " + s.getLong(0) + ", failures " + s.getLong(8));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void fentryCountsUnlinksPerDirectoryFd(TestKernel k) throws Exception {
        try (Obj obj = open(k, "fentry-unlink")) {
            assertEquals("fentry/do_unlinkat", obj.section("unlink_fentry"));
            Kernels.load(k, obj, Feature.FENTRY);
            String path = k.actor().tempPath(io.tinybpf.kernel.Fixtures.uniqueName("fentry-"));
            k.actor().createFile(path);
            AutoCloseable l = obj.attach("unlink_fentry", "auto");
            try {
                assertEquals(0, k.actor().unlink(path));
            } finally {
                detach(l);
            }
            byte[] n = obj.lookup("perDfd", LittleEndian.u32(AT_FDCWD));
            assertNotNull(n, "unlink(path) reaches do_unlinkat with dfd AT_FDCWD");
            if (exclusive(k)) assertEquals(1, le(n).getLong(0));
            else assertTrue(le(n).getLong(0) >= 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void lsmHookCountsFileOpensAndAllowsThem(TestKernel k) throws Exception {
        try (Obj obj = open(k, "lsm-file-open")) {
            assertEquals("lsm/file_open", obj.section("check_file_open"));
            Kernels.load(k, obj, Feature.LSM);
            String path = k.actor().tempPath(io.tinybpf.kernel.Fixtures.uniqueName("lsm-"));
            k.actor().createFile(path);
            byte[] tgid = LittleEndian.u32((int) k.actor().self().tgid());
            AutoCloseable l = Kernels.attach(k, obj, Feature.LSM, "check_file_open", "auto");
            try {
                byte[] before = obj.lookup("opens", tgid);
                for (int i = 0; i < 3; i++) assertEquals(0, k.actor().openFile(path), "the hook allows the open");
                byte[] after = obj.lookup("opens", tgid);
                assertNotNull(after, "opens counted for our tgid");
                long delta = le(after).getLong(0) - (before == null ? 0 : le(before).getLong(0));
                assertTrue(delta >= 3, "3 opens counted, got " + delta);
            } finally {
                detach(l);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void kfuncsLookUpATaskInASyscallProgram(TestKernel k) {
        try (Obj obj = open(k, "kfunc-task")) {
            obj.setAutoload("unlink_task", false);
            Kernels.load(k, obj, Feature.KFUNC_TASK_FROM_PID);
            long tgid = k.actor().self().tgid();
            byte[] ctx = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt((int) tgid).array();
            TestRunResult r = obj.testRun("lookup_task", TestRun.context(ctx));
            assertEquals(1, r.retval(), "bpf_task_from_pid found the calling process");
            ByteBuffer out = le(r.ctxInAfter());
            assertEquals(tgid, out.getInt(4), "tgid read from the kernel's task_struct (CO-RE)");
            assertEquals(1, out.getInt(8));
            byte[] missing = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3ffffff0).array();
            assertEquals(0, obj.testRun("lookup_task", TestRun.context(missing)).retval(), "no such pid");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void kfuncFentryVariantRecordsTheUnlinkingTask(TestKernel k) throws Exception {
        try (Obj obj = open(k, "kfunc-task")) {
            obj.setAutoload("lookup_task", false);
            Kernels.load(k, obj, Feature.KFUNC_TASK_FROM_PID, Feature.FENTRY);
            String path = k.actor().tempPath(io.tinybpf.kernel.Fixtures.uniqueName("kfunc-"));
            k.actor().createFile(path);
            AutoCloseable l = obj.attach("unlink_task", "auto");
            Ids who = k.actor().self();
            try {
                assertEquals(0, k.actor().unlink(path));
            } finally {
                detach(l);
            }
            ByteBuffer last = le(obj.lookup("lastUnlink", LittleEndian.u32(0)));
            assertEquals(who.tgid(), last.getInt(4), "tgid read from the task bpf_task_from_pid returned");
            if (exclusive(k)) assertEquals(who.pid(), last.getInt(0), "the unlinking thread");
        }
    }

    /** FNV-1a, 32-bit, as the loop-hash example computes it. */
    static int fnv1a(byte[] data, int n) {
        int h = 0x811c9dc5;
        for (int i = 0; i < n; i++) {
            h ^= data[i] & 0xff;
            h *= 16777619;
        }
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void loopHashesAsManyBytesAsTheContextSays(TestKernel k) {
        try (Obj obj = open(k, "loop-hash")) {
            LoadResult r = obj.load();
            byte[] buf = new byte[64];
            byte[] text = "tinybpf: Go programs in the kernel, hashed one byte per iteration".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, buf, 0, 64);
            obj.update("input", LittleEndian.u32(0), buf);
            for (int n : new int[] {0, 1, 5, 63, 64, 1000}) {
                assertEquals(fnv1a(buf, Math.min(n, 64)), obj.testRun("hash_input", TestRun.context(LittleEndian.u32(n))).retval(),
                        "FNV-1a of " + n + " bytes");
            }
            // the loop bound comes from the input: the verifier walks every iteration
            int processed = r.program("hash_input").orElseThrow().processedInsns();
            assertTrue(processed > 64 * 7, "processed " + processed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void aLoaderSetConstantBesideAReadOnlyTableSharesOneRodataSection(TestKernel k, @TempDir Path tmp) throws Exception {
        Path out = buildFixture("rodata-table", "lookup", "syscall", tmp);
        var elf = io.tinybpf.elf.ElfFile.read(out);
        assertEquals(1, elf.sections().stream().filter(s -> s.name().equals(".rodata")).count(), "one .rodata section");
        try (Obj obj = k.open(out)) {
            obj.setVariable("threshold", LittleEndian.u32(100));
            obj.load();
            // threshold 100 admits X=5: table[1] + 5 + 7; had the constant been written over the table, X=5 > threshold
            assertEquals(32, obj.testRun("lookup", TestRun.context(LittleEndian.u32(5))).retval());
            assertEquals(0, obj.testRun("lookup", TestRun.context(LittleEndian.u32(101))).retval(), "above the threshold");
        }
        try (Obj obj = k.open(out)) {
            obj.setVariable("threshold", LittleEndian.u32(2));
            obj.load();
            assertEquals(0, obj.testRun("lookup", TestRun.context(LittleEndian.u32(5))).retval(), "5 > 2");
            assertEquals(30 + 2 + 7, obj.testRun("lookup", TestRun.context(LittleEndian.u32(2))).retval(), "table[2] + 2 + 7");
        }
    }

    @Test
    void twoDifferentlyConfiguredMapsKeepTheirOwnDefinitions(@TempDir Path tmp) throws Exception {
        Path out = buildFixture("two-maps", "prog", "socket", tmp);
        Requires.kernel();
        try (BpfObject obj = BpfObject.open(out)) {
            obj.load();
            assertMap(obj.map("counters"), "array", 4, 8, 16);
            assertMap(obj.map("flows"), "hash", 12, 8, 4096);
            assertMap(obj.map("events"), "ringbuf", 0, 0, 8192);
        }
    }

    @Test
    void coreReadsFieldsOfStructsNestedByValue(@TempDir Path tmp) throws Exception {
        Path out = buildFixture("core-nested", "read_nested", "syscall", tmp);
        // the relocation names the leaf field the Go code wrote (se.load.weight), not the enclosing struct
        var elf = io.tinybpf.elf.ElfFile.read(out);
        var btf = io.tinybpf.btf.Btf.parse(elf.section(".BTF").orElseThrow().bytes());
        var relocs = io.tinybpf.btf.BtfExt.parse(elf.section(".BTF.ext").orElseThrow().bytes(), btf).coreRelos("syscall");
        assertTrue(relocs.stream().anyMatch(r -> r.accessString().equals("0:1:0:0")), relocs.toString());
        Requires.kernel();
        try (BpfObject obj = BpfObject.open(out)) {
            obj.load();
            // a syscall program runs in the calling thread: compare with that thread's /proc view
            var r = obj.program("read_nested").testRun(TestRun.context(new byte[24]));
            long weight = java.nio.file.Files.readAllLines(Path.of("/proc/thread-self/sched")).stream()
                    .filter(l -> l.startsWith("se.load.weight")).mapToLong(l -> Long.parseLong(l.replaceAll(".*:\\s*", ""))).findFirst()
                    .orElseThrow();
            assertEquals(1, r.retval());
            ByteBuffer b = le(r.ctxInAfter());
            assertEquals(ProcessHandle.current().pid(), b.getLong(0), "task_struct.tgid");
            assertEquals(weight, b.getLong(8), "task_struct.se.load.weight, as /proc/thread-self/sched shows it");
            assertTrue(b.getLong(16) > 0, "task_struct.se.vruntime");
        }
    }

    @Test
    void coreLoadsAPointerFieldAndAFieldThroughIt(@TempDir Path tmp) throws Exception {
        Path out = buildFixture("core-pointer-field", "parent_tgid", "raw_tracepoint/sys_enter", tmp);
        var elf = io.tinybpf.elf.ElfFile.read(out);
        var btf = io.tinybpf.btf.Btf.parse(elf.section(".BTF").orElseThrow().bytes());
        var relocs = io.tinybpf.btf.BtfExt.parse(elf.section(".BTF.ext").orElseThrow().bytes(), btf).coreRelos("raw_tracepoint/sys_enter");
        assertEquals(2, relocs.size(), "task->real_parent and parent->tgid are relocated: " + relocs);
        try (BpfObject obj = BpfObject.open(out)) {
            obj.load();
            // a raw tracepoint test run executes in the calling thread, whose real parent is this JVM's parent
            var r = obj.program("parent_tgid").testRun(TestRun.context(new byte[16]));
            assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), r.retval(), "real_parent->tgid");
        }
    }

    /** Builds a package from src/test/resources/io/tinybpf/good with one program in {@code section}. */
    private static Path buildFixture(String name, String program, String section, Path tmp) throws Exception {
        Examples.requireToolchain();
        Path out = tmp.resolve(name + ".bpf.o");
        TinyBpf.build(BuildRequest.builder().packageDir(Requires.repo().resolve("src/test/resources/io/tinybpf/good/" + name))
                .section(program, section).output(out).out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build());
        return out;
    }

    private static void assertMap(BpfMap m, String type, int key, int value, int max) {
        var info = m.info();
        assertEquals(type, m.typeName(), m.name());
        assertEquals(key, info.keySize(), m.name() + " key size (from the kernel)");
        assertEquals(value, info.valueSize(), m.name() + " value size");
        assertEquals(max, info.maxEntries(), m.name() + " max entries");
    }
}
