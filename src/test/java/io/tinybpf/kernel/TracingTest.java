package io.tinybpf.kernel;

import static io.tinybpf.kernel.LittleEndian.u32;
import static io.tinybpf.kernel.LittleEndian.u32At;
import static io.tinybpf.kernel.LittleEndian.u64At;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tracepoints, raw/BTF tracepoints, ring buffer, perf buffer and uprobes, each proven by an event. */
@Tag("kernel")
class TracingTest {
    static final int PID = (int) ProcessHandle.current().pid();

    @BeforeEach
    void kernel() {
        Requires.tracefs();
    }

    record ConnectEvent(int tgid, int family, int port) {}

    @Test
    void tracepointRingBufferReportsOurConnectWithPidAndPort() throws Exception {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("tp_connect"))) {
            obj.setVariable("target_tgid", u32(PID));
            obj.program("count_raw").setAutoload(false);
            obj.program("count_btf").setAutoload(false);
            LoadResult r = obj.load();
            VerifierReport rep = r.program("on_connect").orElseThrow();
            assertTrue(rep.accepted());
            assertTrue(rep.processedInsns() > 0, rep.log());
            assertTrue(rep.log().contains("processed"), rep.log());
            assertTrue(rep.stackDepth() >= 4, rep.log());
            assertEquals(1, r.programs().size(), "autoload=false programs are not reported");
            assertEquals("tracepoint", obj.program("on_connect").typeName());
            assertTrue(obj.program("on_connect").fd() >= 0);
            assertTrue(obj.program("count_raw").fd() < 0);

            List<ConnectEvent> events = new ArrayList<>();
            try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                 BpfLink link = obj.program("on_connect").attachTracepoint("syscalls", "sys_enter_connect");
                 RingBufferReader rb = RingBufferReader.open(obj.map("events"),
                         b -> events.add(new ConnectEvent(u32At(b, 0), LittleEndian.u16At(b, 4), LittleEndian.u16At(b, 6))))) {
                assertTrue(link.fd() >= 0);
                assertEquals("perf_event", link.info().orElseThrow().typeName());
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                try (SocketChannel c = SocketChannel.open()) {
                    c.connect(new InetSocketAddress("127.0.0.1", port));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (events.stream().noneMatch(e -> e.port() == port) && System.nanoTime() < deadline) {
                    rb.poll(Duration.ofMillis(100));
                }
                ConnectEvent e = events.stream().filter(x -> x.port() == port).findFirst()
                        .orElseThrow(() -> new AssertionError("no connect event for port " + port + ": " + events));
                assertEquals(PID, e.tgid());
                assertTrue(e.family() == 2 || e.family() == 10, "AF_INET or AF_INET6, got " + e.family());
                assertEquals(2, obj.openDependents());
            }
            assertEquals(0, obj.openDependents());
        }
    }

    @Test
    void rawTracepointAndBtfTracepointCountOurSyscalls() throws Exception {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("tp_connect"), OpenOptions.statsOnly())) {
            obj.setVariable("target_tgid", u32(PID));
            obj.program("on_connect").setAutoload(false);
            obj.load();
            assertEquals("raw_tracepoint", obj.program("count_raw").typeName());
            assertEquals("tracing", obj.program("count_btf").typeName());
            BpfMap counts = obj.map("counts");
            try (BpfLink raw = obj.program("count_raw").attachRawTracepoint("sys_enter");
                 BpfLink btf = obj.program("count_btf").attach()) {
                assertEquals("raw_tracepoint", raw.info().orElseThrow().typeName());
                assertEquals("raw_tracepoint", btf.info().orElseThrow().typeName()); // tp_btf attaches as a raw tracepoint link
                for (int i = 0; i < 20; i++) Thread.sleep(1); // nanosleep syscalls
                assertTrue(u64At(counts.lookup(u32(0)), 0) >= 20, "raw_tp count");
                assertTrue(u64At(counts.lookup(u32(1)), 0) >= 20, "tp_btf count");
            }
            long settled = Fixtures.settled(() -> u64At(counts.lookup(u32(0)), 0)); // fails if it keeps counting
            Thread.sleep(20);
            assertEquals(settled, u64At(counts.lookup(u32(0)), 0), "detached: no more counting");
        }
    }

    @Test
    void perfEventArrayOutputArrivesThroughThePerfBuffer() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("misc"))) {
            obj.load();
            BpfMap perf = obj.map("perf_events");
            assertEquals("perf_event_array", perf.typeName());
            List<long[]> samples = new ArrayList<>();
            try (PerfBufferReader reader = PerfBufferReader.open(perf, 8,
                    (cpu, data) -> samples.add(new long[] {cpu, u64At(data, 0), u32At(data, 8), u32At(data, 12)}), null)) {
                BpfProgram emit = obj.program("perf_emit");
                int cpus = Bpf.possibleCpus();
                for (int cpu = 0; cpu < cpus; cpu++) {
                    emit.testRun(TestRun.context(LittleEndian.u64(1000 + cpu)).onCpu(cpu));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (samples.size() < cpus && System.nanoTime() < deadline) reader.poll(Duration.ofMillis(100));
                assertEquals(cpus, samples.size());
                for (long[] s : samples) {
                    assertEquals(s[0], s[2], "ring cpu == bpf_get_smp_processor_id()");
                    assertEquals(1000 + s[0], s[1]);
                    assertEquals(0xfeedbeefL, s[3] & 0xffffffffL);
                }
            }
        }
    }

    @Test
    void uprobeAndUretprobeSeeEveryCallOfTheHelperFunction() throws Exception {
        var helper = Fixtures.helper();
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("probes"))) {
            obj.program("guard_connect4").setAutoload(false);
            obj.load();
            BpfMap stats = obj.map("probe_stats");
            try (BpfLink enter = obj.program("on_enter").attachUprobe(helper, "tinybpf_probe_me", 0, -1, false);
                 BpfLink exit = obj.program("on_return").attachUprobe(helper, "tinybpf_probe_me", 0, -1, true)) {
                assertFalse(enter.isClosed() || exit.isClosed());
                String out = Fixtures.run(List.of(helper.toString(), "probe", "5"));
                assertEquals("20", out.strip());
                assertEquals(5, u64At(stats.lookup(u32(0)), 0), "calls");
                assertEquals(0 + 1 + 2 + 3 + 4, u64At(stats.lookup(u32(1)), 0), "sum of arguments");
                assertEquals(8, u64At(stats.lookup(u32(2)), 0), "last return value");
            }
            Fixtures.run(List.of(helper.toString(), "probe", "3"));
            assertEquals(5, u64At(stats.lookup(u32(0)), 0), "detached: calls no longer counted");
        }
    }
}
