package io.tinybpf.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.kernel.BpfLink;
import io.tinybpf.kernel.BpfMap;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.BpfProgram;
import io.tinybpf.kernel.CgroupTest;
import io.tinybpf.kernel.Errno;
import io.tinybpf.kernel.Fixtures;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.PerfBufferReader;
import io.tinybpf.kernel.RingBufferReader;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import io.tinybpf.kernel.Packets;
import io.tinybpf.testing.Requires;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example, built from Go by the real TinyGo and LLVM, loaded through the running kernel's
 * verifier, and run: attached where this kernel allows, test-run otherwise, with the effect its
 * Go source promises checked. Program types this kernel refuses (fentry, LSM: EPERM at load;
 * kprobes: no CONFIG_KPROBES, so attach fails) are checked structurally and the refusal is
 * asserted to be the kernel's, not the verifier's.
 */
@Tag("kernel")
@Tag("tinygo")
class ExamplesKernelTest {
    static final long PID = ProcessHandle.current().pid();
    static final int XDP_DROP = 1, XDP_PASS = 2, XDP_TX = 3, TC_ACT_OK = 0, TC_ACT_SHOT = 2;

    static BpfObject open(String example) {
        Examples.Built b = Examples.build(example);
        Requires.kernel();
        return BpfObject.open(b.object());
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String cstring(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Polls until an event matches (or 5 s pass). */
    static byte[] await(RingBufferReader rb, List<byte[]> events, Predicate<byte[]> match) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            rb.poll(Duration.ofMillis(50));
            for (byte[] e : events) if (match.test(e)) return e;
        }
        return null;
    }

    @Test
    void tracepointConnectTracerReportsOurPidAndPort() throws Exception {
        Requires.tracefs();
        try (BpfObject obj = open("tracepoint-connect");
             ServerSocketChannel srv = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            obj.load();
            int port = ((InetSocketAddress) srv.getLocalAddress()).getPort();
            List<byte[]> events = new CopyOnWriteArrayList<>();
            try (BpfLink l = obj.program("handle_connect").attachTracepoint("syscalls", "sys_enter_connect");
                 RingBufferReader rb = RingBufferReader.open(obj.map("events"), events::add)) {
                // an IPv4 socket: Java's default dual-stack socket would connect with AF_INET6
                try (SocketChannel c = SocketChannel.open(java.net.StandardProtocolFamily.INET)) {
                    assertTrue(c.connect(srv.getLocalAddress()));
                }
                byte[] ev = await(rb, events, e -> le(e).getInt(0) == PID && (le(e).getShort(4) & 0xffff) == port);
                assertNotNull(ev, "a ring-buffer event for our connect() to port " + port);
                assertEquals(28, ev.length);
                assertEquals(2, le(ev).getShort(6), "AF_INET");
                assertArrayEquals(new byte[] {127, 0, 0, 1}, java.util.Arrays.copyOfRange(ev, 8, 12));
                assertTrue(!cstring(ev, 12, 16).isEmpty(), "the command name is filled in");
            }
        }
    }

    @Test
    void rawTracepointCoReReadsTheExecingTask() throws Exception {
        Requires.kernel();
        try (BpfObject obj = open("rawtp-exec")) {
            obj.load();
            List<byte[]> events = new CopyOnWriteArrayList<>();
            try (BpfLink l = obj.program("handle_exec").attachRawTracepoint("sched_process_exec");
                 RingBufferReader rb = RingBufferReader.open(obj.map("events"), events::add)) {
                Process p = new ProcessBuilder("/bin/true").start();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                long child = p.pid();
                byte[] ev = await(rb, events, e -> le(e).getInt(4) == child && cstring(e, 24, 16).equals("true"));
                assertNotNull(ev, "an exec event for our child " + child);
                ByteBuffer b = le(ev);
                assertEquals(child, b.getInt(0), "task_struct.pid read through CO-RE");
                assertEquals(child, b.getInt(4), "task_struct.tgid");
                assertEquals(PID, b.getInt(8), "real_parent->tgid is this JVM");
                assertEquals(b.getInt(0), b.getInt(12), "CO-RE pid equals bpf_get_current_pid_tgid's pid");
                assertEquals(b.getInt(4), b.getInt(16), "CO-RE tgid equals bpf_get_current_pid_tgid's tgid");
            }
        }
    }

    @Test
    void coReReadsMatchTheHelperInATestRun() throws Exception {
        try (BpfObject obj = open("rawtp-exec")) {
            obj.load();
            List<byte[]> events = new CopyOnWriteArrayList<>();
            try (RingBufferReader rb = RingBufferReader.open(obj.map("events"), events::add)) {
                obj.program("handle_exec").testRun(TestRun.context(new byte[8]));
                byte[] ev = await(rb, events, e -> le(e).getInt(4) == PID);
                assertNotNull(ev, "the test run executes in this thread, so tgid is our pid");
                assertEquals(le(ev).getInt(12), le(ev).getInt(0), "pid: CO-RE vs bpf_get_current_pid_tgid");
                assertEquals(PID, le(ev).getInt(16));
            }
        }
    }

    @Test
    void perCpuCounterRisesWithSystemCalls() throws Exception {
        Requires.tracefs();
        try (BpfObject obj = open("percpu-counter")) {
            obj.load();
            BpfMap counters = obj.map("counters");
            assertEquals("percpu_array", counters.typeName());
            byte[] key = LittleEndian.u32(0);
            try (BpfLink l = obj.program("count_syscalls").attachTracepoint("raw_syscalls", "sys_enter")) {
                long before = counters.sumPerCpuU64(key);
                for (int i = 0; i < 200; i++) Files.exists(Path.of("/proc/self/status"));
                long after = counters.sumPerCpuU64(key);
                assertTrue(after >= before + 200, "counter rose from " + before + " to " + after);
            }
        }
    }

    @Test
    void xdpBlocklistDropsListedSources() {
        try (BpfObject obj = open("xdp-blocklist")) {
            obj.load();
            BpfProgram p = obj.program("xdp_blocklist");
            byte[] pkt = Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1234, 53);
            assertEquals(XDP_PASS, p.testRun(TestRun.packet(pkt)).retval(), "not listed yet");
            BpfMap blocklist = obj.map("blocklist");
            blocklist.update(Packets.addr("10.0.0.1"), LittleEndian.u64(0));
            assertEquals(XDP_DROP, p.testRun(TestRun.packet(pkt).withRepeat(3)).retval(), "listed source is dropped");
            assertEquals(3, le(blocklist.lookup(Packets.addr("10.0.0.1"))).getLong(0), "each drop counted");
            assertEquals(XDP_PASS, p.testRun(TestRun.packet(Packets.ipv4(Packets.UDP, "10.0.0.9", "10.0.0.2", 1, 2))).retval());
            assertEquals(XDP_PASS, p.testRun(TestRun.packet(Packets.arp())).retval(), "not IPv4");
            assertEquals(XDP_PASS, p.testRun(TestRun.packet(java.util.Arrays.copyOf(pkt, 30))).retval(), "truncated: bounds check");
        }
    }

    @Test
    void tcIngressDropsBlockedPorts() {
        try (BpfObject obj = open("tc-port-drop")) {
            obj.load();
            BpfProgram p = obj.program("tc_ingress");
            assertEquals("sched_cls", p.typeName());
            byte[] tcp = Packets.ipv4(Packets.TCP, "10.0.0.1", "10.0.0.2", 40000, 8080);
            byte[] udp = Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 40000, 8080);
            assertEquals(TC_ACT_OK, p.testRun(TestRun.packet(tcp)).retval());
            BpfMap blocked = obj.map("blockedPorts");
            blocked.update(LittleEndian.u16(8080), LittleEndian.u64(0));
            assertEquals(TC_ACT_SHOT, p.testRun(TestRun.packet(tcp)).retval(), "TCP to a blocked port");
            assertEquals(TC_ACT_SHOT, p.testRun(TestRun.packet(udp)).retval(), "UDP to a blocked port");
            assertEquals(TC_ACT_OK, p.testRun(TestRun.packet(Packets.ipv4(Packets.TCP, "10.0.0.1", "10.0.0.2", 1, 80))).retval());
            assertEquals(2, le(blocked.lookup(LittleEndian.u16(8080))).getLong(0));
        }
    }

    @Test
    void cgroupConnect4RefusesBlockedDestinations() throws Exception {
        Requires.kernel();
        Path root = CgroupTest.cgroup2Root();
        Requires.that(root != null, "cgroup v2 mounted at /sys/fs/cgroup/unified or /sys/fs/cgroup");
        Path helper = Fixtures.helper();
        Path cg = root.resolve(Fixtures.uniqueName("tinybpf-ex-"));
        Files.createDirectory(cg);
        try (BpfObject obj = open("cgroup-connect4");
             ServerSocketChannel blocked = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             ServerSocketChannel allowed = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            obj.load();
            int blockedPort = ((InetSocketAddress) blocked.getLocalAddress()).getPort();
            int allowedPort = ((InetSocketAddress) allowed.getLocalAddress()).getPort();
            BpfMap dests = obj.map("blockedDests");
            // destKey{Addr, Port}: both as connect() sees them, in network byte order
            byte[] key = ByteBuffer.allocate(8).put(Packets.addr("127.0.0.1")).put((byte) (blockedPort >> 8)).put((byte) blockedPort)
                    .put((byte) 0).put((byte) 0).array();
            dests.update(key, LittleEndian.u64(0));
            try (BpfLink l = obj.program("block_connect4").attachCgroup(cg)) {
                assertEquals(Errno.EPERM, CgroupTest.connectFromCgroup(cg, helper, blockedPort), "blocked destination");
                assertEquals(0, CgroupTest.connectFromCgroup(cg, helper, allowedPort), "allowed destination");
                assertEquals(1, le(dests.lookup(key)).getLong(0), "the refusal was counted");
            }
        } finally {
            CgroupTest.removeCgroup(cg);
        }
    }

    @Test
    void socketFilterKeepsOnlyUdpAndCountsProtocols() {
        try (BpfObject obj = open("socket-filter")) {
            obj.load();
            BpfProgram p = obj.program("udp_only");
            assertEquals(0xffff, p.testRun(TestRun.packet(Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1, 2))).retval());
            assertEquals(0, p.testRun(TestRun.packet(Packets.ipv4(Packets.TCP, "10.0.0.1", "10.0.0.2", 1, 2))).retval());
            BpfMap counts = obj.map("protoCounts");
            assertEquals(1, le(counts.lookup(LittleEndian.u32(17))).getLong(0));
            assertEquals(1, le(counts.lookup(LittleEndian.u32(6))).getLong(0));
        }
    }

    @Test
    void uprobeCountsCallsOfAUserFunction() throws Exception {
        Requires.kernel();
        Path helper = Fixtures.helper();
        try (BpfObject obj = open("uprobe-count")) {
            obj.load();
            try (BpfLink l = obj.program("on_call").attachUprobe(helper, "tinybpf_probe_me", false)) {
                Process p = new ProcessBuilder(helper.toString(), "probe", "7").start();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                ByteBuffer s = le(obj.map("stats").lookup(LittleEndian.u32(0)));
                assertEquals(7, s.getLong(0), "calls");
                assertEquals(6, s.getLong(8), "the last call's argument (rdi)");
                assertEquals(p.pid(), s.getInt(16), "the caller's pid");
            }
        }
    }

    @Test
    void lpmTrieLongestPrefixWins() {
        try (BpfObject obj = open("lpm-trie")) {
            obj.load();
            BpfMap classes = obj.map("classes");
            classes.update(lpmKey(8, "10.0.0.0"), LittleEndian.u32(1));
            classes.update(lpmKey(16, "10.1.0.0"), LittleEndian.u32(2));
            BpfProgram p = obj.program("classify_source");
            assertEquals(XDP_TX, run(p, "10.1.2.3"), "/16 beats /8");
            assertEquals(XDP_DROP, run(p, "10.2.0.1"), "only /8 matches");
            assertEquals(XDP_PASS, run(p, "192.168.0.1"), "no match");
        }
    }

    private static byte[] lpmKey(int prefixlen, String addr) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(prefixlen).put(Packets.addr(addr)).array();
    }

    private static int run(BpfProgram p, String src) {
        return p.testRun(TestRun.packet(Packets.ipv4(Packets.UDP, src, "10.9.9.9", 1, 2))).retval();
    }

    @Test
    void tailCallReachesTheSecondProgram() {
        try (BpfObject obj = open("tail-calls")) {
            obj.load();
            BpfProgram dispatch = obj.program("dispatch");
            byte[] pkt = Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1, 2);
            assertEquals(XDP_PASS, dispatch.testRun(TestRun.packet(pkt)).retval(), "empty slot: the tail call falls through");
            obj.map("jumpTable").update(LittleEndian.u32(0), LittleEndian.u32(obj.program("handle_drop").fd()));
            assertEquals(XDP_DROP, dispatch.testRun(TestRun.packet(pkt)).retval(), "handle_drop ran");
        }
    }

    @Test
    void perfEventArrayDeliversEvents() throws Throwable {
        Requires.tracefs();
        MethodHandle getppid = Linker.nativeLinker().downcallHandle(Linker.nativeLinker().defaultLookup().findOrThrow("getppid"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        try (BpfObject obj = open("perf-event")) {
            obj.load();
            List<byte[]> events = new CopyOnWriteArrayList<>();
            try (BpfLink l = obj.program("on_getppid").attachTracepoint("syscalls", "sys_enter_getppid");
                 PerfBufferReader pb = PerfBufferReader.open(obj.map("events"), 8, (cpu, data) -> events.add(data), null)) {
                int ppid = (int) getppid.invokeExact();
                assertTrue(ppid > 0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                byte[] ev = null;
                while (ev == null && System.nanoTime() < deadline) {
                    pb.poll(Duration.ofMillis(50));
                    for (byte[] e : events) if (le(e).getInt(4) == PID) ev = e;
                }
                assertNotNull(ev, "a perf event from our getppid()");
                assertTrue(ev.length >= 24);
            }
        }
    }

    @Test
    void rodataConstantsSetBeforeLoadChangeTheResult() {
        try (BpfObject obj = open("rodata-config")) {
            obj.load();
            assertEquals(0, obj.program("scale").testRun(TestRun.context(LittleEndian.u32(5))).retval(), "placeholders are zero");
        }
        try (BpfObject obj = open("rodata-config")) {
            obj.setVariable("multiplier", LittleEndian.u32(3)).setVariable("offset", LittleEndian.u32(7));
            obj.load();
            assertEquals(22, obj.program("scale").testRun(TestRun.context(LittleEndian.u32(5))).retval(), "5*3+7");
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

    @Test
    void loopHashesAsManyBytesAsTheContextSays() {
        try (BpfObject obj = open("loop-hash")) {
            obj.load();
            byte[] buf = new byte[64];
            byte[] text = "tinybpf: Go programs in the kernel, hashed one byte per iteration".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, buf, 0, 64);
            obj.map("input").update(LittleEndian.u32(0), buf);
            BpfProgram p = obj.program("hash_input");
            for (int n : new int[] {0, 1, 5, 63, 64, 1000}) {
                assertEquals(fnv1a(buf, Math.min(n, 64)), p.testRun(TestRun.context(LittleEndian.u32(n))).retval(), "FNV-1a of " + n + " bytes");
            }
            // the loop bound comes from the input: the verifier walks every iteration
            assertTrue(p.verifierReport().orElseThrow().processedInsns() > 64 * 7, "processed " + p.verifierReport().orElseThrow().processedInsns());
        }
    }

    @Test
    void aLoaderSetConstantBesideAReadOnlyTableSharesOneRodataSection(@TempDir Path tmp) throws Exception {
        Path out = buildFixture("rodata-table", "lookup", "syscall", tmp);
        var elf = io.tinybpf.elf.ElfFile.read(out);
        assertEquals(1, elf.sections().stream().filter(s -> s.name().equals(".rodata")).count(), "one .rodata section");
        try (BpfObject obj = BpfObject.open(out)) {
            obj.setVariable("threshold", LittleEndian.u32(100));
            obj.load();
            // threshold 100 admits X=5: table[1] + 5 + 7; had the constant been written over the table, X=5 > threshold
            assertEquals(32, obj.program("lookup").testRun(TestRun.context(LittleEndian.u32(5))).retval());
            assertEquals(0, obj.program("lookup").testRun(TestRun.context(LittleEndian.u32(101))).retval(), "above the threshold");
        }
        try (BpfObject obj = BpfObject.open(out)) {
            obj.setVariable("threshold", LittleEndian.u32(2));
            obj.load();
            assertEquals(0, obj.program("lookup").testRun(TestRun.context(LittleEndian.u32(5))).retval(), "5 > 2");
            assertEquals(30 + 2 + 7, obj.program("lookup").testRun(TestRun.context(LittleEndian.u32(2))).retval(), "table[2] + 2 + 7");
        }
    }

    @Test
    void kprobePairLoadsButThisKernelCannotAttachKprobes() {
        try (BpfObject obj = open("kprobe-unlink")) {
            assertEquals("kprobe/do_unlinkat", obj.program("unlink_enter").section());
            assertEquals("kretprobe/do_unlinkat", obj.program("unlink_exit").section());
            LoadResult r = obj.load();
            assertTrue(r.success(), "both programs pass the verifier");
            KernelException e = assertThrows(KernelException.class, () -> obj.program("unlink_enter").attachKprobe("do_unlinkat", false));
            assertEquals(KernelException.Kind.NOT_FOUND, e.kind(), "no CONFIG_KPROBES here: " + e.getMessage());
        }
    }

    @Test
    void fentryLoadIsRefusedByThisKernelWithEperm() {
        try (BpfObject obj = open("fentry-unlink")) {
            assertEquals("fentry/do_unlinkat", obj.program("unlink_fentry").section());
            KernelException e = assertThrows(KernelException.class, obj::load);
            assertEquals(KernelException.Kind.KERNEL_REFUSED, e.kind(), "EPERM from the kernel, not a verifier rejection: " + e.getMessage());
        }
    }

    @Test
    void lsmLoadIsRefusedByThisKernelWithEperm() {
        try (BpfObject obj = open("lsm-file-open")) {
            assertEquals("lsm/file_open", obj.program("check_file_open").section());
            KernelException e = assertThrows(KernelException.class, obj::load);
            assertEquals(KernelException.Kind.KERNEL_REFUSED, e.kind(), e.getMessage());
        }
    }

    @Test
    void kfuncsLookUpATaskInASyscallProgram() {
        try (BpfObject obj = open("kfunc-task")) {
            obj.program("unlink_task").setAutoload(false);
            obj.load();
            BpfProgram p = obj.program("lookup_task");
            byte[] ctx = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt((int) PID).array();
            TestRunResult r = p.testRun(TestRun.context(ctx));
            assertEquals(1, r.retval(), "bpf_task_from_pid found this process");
            ByteBuffer out = le(r.ctxInAfter());
            assertEquals(PID, out.getInt(4), "tgid read from the kernel's task_struct (CO-RE)");
            assertEquals(1, out.getInt(8));
            byte[] missing = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3ffffff0).array();
            assertEquals(0, p.testRun(TestRun.context(missing)).retval(), "no such pid");
        }
    }

    @Test
    void kfuncFentryVariantIsRefusedByThisKernelWithEperm() {
        try (BpfObject obj = open("kfunc-task")) {
            obj.program("lookup_task").setAutoload(false);
            KernelException e = assertThrows(KernelException.class, obj::load);
            assertEquals(KernelException.Kind.KERNEL_REFUSED, e.kind(), e.getMessage());
        }
    }

    @Test
    void twoDifferentlyConfiguredMapsKeepTheirOwnDefinitions(@TempDir Path tmp) throws Exception {
        Path out = buildFixture("two-maps", "prog", "socket", tmp);
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
        try (BpfObject obj = BpfObject.open(out)) {
            obj.load();
            // a syscall program runs in the calling thread: compare with that thread's /proc view
            var r = obj.program("read_nested").testRun(TestRun.context(new byte[24]));
            long weight = java.nio.file.Files.readAllLines(Path.of("/proc/thread-self/sched")).stream()
                    .filter(l -> l.startsWith("se.load.weight")).mapToLong(l -> Long.parseLong(l.replaceAll(".*:\\s*", ""))).findFirst()
                    .orElseThrow();
            assertEquals(1, r.retval());
            ByteBuffer b = le(r.ctxInAfter());
            assertEquals(PID, b.getLong(0), "task_struct.tgid");
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
        Requires.kernel();
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
