package io.tinybpf.kernel;

import static io.tinybpf.kernel.LittleEndian.u16;
import static io.tinybpf.kernel.LittleEndian.u32;
import static io.tinybpf.kernel.LittleEndian.u64At;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** XDP, tc and socket filter programs: verdicts by test run, then on real sockets and a veth pair. */
@Tag("kernel")
class NetworkProgramsTest {
    static final int XDP_DROP = 1, XDP_PASS = 2, TC_ACT_OK = 0, TC_ACT_SHOT = 2;

    @BeforeEach
    void kernel() {
        Requires.kernel();
    }

    @Test
    void xdpTestRunVerdictFollowsTheBlockedPortMap() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("xdp_filter"))) {
            obj.load();
            BpfProgram xdp = obj.program("xdp_filter");
            assertEquals("xdp", xdp.typeName());
            assertEquals("xdp", xdp.section());
            BpfMap blocked = obj.map("blocked_ports");
            BpfMap verdicts = obj.map("verdicts");
            assertEquals(2, blocked.keySize());

            byte[] dns = TestNet.udpFrame(9999);
            assertEquals(XDP_PASS, xdp.testRun(TestRun.packet(dns)).retval());
            blocked.update(u16(9999), new byte[] {1});
            TestRunResult r = xdp.testRun(TestRun.packet(dns));
            assertEquals(XDP_DROP, r.retval());
            assertArrayEquals(dns, r.dataOut());
            assertEquals(XDP_PASS, xdp.testRun(TestRun.packet(TestNet.udpFrame(9998))).retval());
            assertEquals(XDP_PASS, xdp.testRun(TestRun.packet(TestNet.ipv4Frame(6, 1, 9999, new byte[4]))).retval(),
                    "not UDP");
            assertEquals(XDP_DROP, xdp.testRun(TestRun.packet(dns).withRepeat(10)).retval());
            assertTrue(blocked.delete(u16(9999)));
            assertEquals(XDP_PASS, xdp.testRun(TestRun.packet(dns)).retval());

            assertEquals(1 + 1 + 1 + 10 + 1, u64At(verdicts.lookup(u32(0)), 0), "UDP packets seen");
            assertEquals(1 + 10, u64At(verdicts.lookup(u32(1)), 0), "dropped");
        }
    }

    @Test
    void tcAndSocketFilterTestRunVerdicts() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("tc_sock"))) {
            obj.load();
            BpfProgram tc = obj.program("tc_drop_discard");
            assertEquals("sched_cls", tc.typeName());
            assertEquals(TC_ACT_SHOT, tc.testRun(TestRun.packet(TestNet.udpFrame(9))).retval());
            assertEquals(TC_ACT_OK, tc.testRun(TestRun.packet(TestNet.udpFrame(10))).retval());

            BpfProgram sock = obj.program("sock_drop_dns");
            assertEquals("socket_filter", sock.typeName());
            byte[] dns = TestNet.udpFrame(53);
            assertEquals(0, sock.testRun(TestRun.packet(dns)).retval(), "dropped");
            byte[] other = TestNet.udpFrame(54);
            assertEquals(other.length - 14, sock.testRun(TestRun.packet(other)).retval(),
                    "kept whole: skb->len counts from the IP header");
        }
    }

    @Test
    void socketFilterAttachedToAUnixSocketDropsMatchingDatagrams() throws Throwable {
        int[] pair = TestNet.socketpair(TestNet.SOCK_DGRAM);
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("tc_sock"))) {
            obj.load();
            try (BpfLink link = obj.program("sock_drop_x").attachSocket(pair[1])) {
                assertEquals(-1, link.fd());
                TestNet.send(pair[0], "hello".getBytes());
                TestNet.send(pair[0], "Xfiltered".getBytes());
                TestNet.send(pair[0], "world".getBytes());
                assertEquals("hello", new String(TestNet.recvNow(pair[1])));
                assertEquals("world", new String(TestNet.recvNow(pair[1])));
                assertNull(TestNet.recvNow(pair[1]));
            }
            TestNet.send(pair[0], "Xafter-detach".getBytes());
            assertEquals("Xafter-detach", new String(TestNet.recvNow(pair[1])));
        } finally {
            Native.close(pair[0]);
            Native.close(pair[1]);
        }
    }

    /**
     * A veth pair in the root namespace (unique names, deleted afterwards): frames injected on one
     * end reach the other end's XDP program (native, then generic mode) and tc ingress filter.
     */
    @Test
    void xdpAndTcOnAVethPairSeeInjectedFrames() throws Throwable {
        Requires.that(Requires.onPath("ip").isPresent() && Requires.onPath("tc").isPresent(),
                "iproute2 'ip' and 'tc' to create a veth pair and inspect its qdiscs");
        String base = Fixtures.uniqueName("tb");
        String a = base + "a", b = base + "b";
        assertEquals(0, Fixtures.status("ip", "link", "add", a, "type", "veth", "peer", "name", b), "create veth");
        int packetFd = -1;
        try {
            assertEquals(0, Fixtures.status("ip", "link", "set", a, "up"));
            assertEquals(0, Fixtures.status("ip", "link", "set", b, "up"));
            int ifA = Net.ifindex(a), ifB = Net.ifindex(b);
            packetFd = TestNet.packetSocket();
            try (BpfObject xdpObj = BpfObject.open(Fixtures.bpf("xdp_filter"), OpenOptions.statsOnly());
                 BpfObject tcObj = BpfObject.open(Fixtures.bpf("tc_sock"), OpenOptions.statsOnly())) {
                xdpObj.load();
                tcObj.load();
                BpfMap verdicts = xdpObj.map("verdicts");
                BpfMap tcSeen = tcObj.map("tc_seen");
                xdpObj.map("blocked_ports").update(u16(9999), new byte[] {1});

                long seen = 0, dropped = 0, tc = 0;
                for (int mode : new int[] {BpfProgram.XDP_FLAGS_DRV_MODE, BpfProgram.XDP_FLAGS_SKB_MODE}) {
                    try (BpfLink x = xdpObj.program("xdp_filter").attachXdp(ifB, mode);
                         BpfLink t = tcObj.program("tc_drop_discard").attachTc(ifB, TcDirection.INGRESS)) {
                        assertEquals("xdp", x.info().orElseThrow().typeName());
                        int progId = tcObj.program("tc_drop_discard").info().id();
                        assertTrue(t.description().contains("handle"), t.description());
                        for (int i = 0; i < 3; i++) TestNet.inject(packetFd, ifA, TestNet.udpFrame(1234));
                        for (int i = 0; i < 2; i++) TestNet.inject(packetFd, ifA, TestNet.udpFrame(9999));
                        seen += 5;
                        dropped += 2;
                        tc += 3;
                        final long wantSeen = seen;
                        waitUntil(() -> u64At(verdicts.lookup(u32(0)), 0) >= wantSeen, 5_000);
                        assertEquals(seen, u64At(verdicts.lookup(u32(0)), 0), "XDP seen, mode " + mode);
                        assertEquals(dropped, u64At(verdicts.lookup(u32(1)), 0), "XDP dropped, mode " + mode);
                        final long want = tc;
                        waitUntil(() -> u64At(tcSeen.lookup(u32(0)), 0) >= want, 5_000);
                        assertEquals(tc, u64At(tcSeen.lookup(u32(0)), 0), "tc saw only what XDP passed");
                        assertTrue(progId > 0);
                    }
                    assertEquals(0, xdpObj.openDependents());
                }
                // after detaching, the clsact qdisc this test created is gone again
                String qdiscs = Fixtures.run(java.util.List.of("tc", "qdisc", "show", "dev", b));
                assertTrue(!qdiscs.contains("clsact"), qdiscs);
                TestNet.inject(packetFd, ifA, TestNet.udpFrame(1234));
                Thread.sleep(50);
                assertEquals(seen, u64At(verdicts.lookup(u32(0)), 0), "detached XDP sees nothing");
            }
        } finally {
            if (packetFd >= 0) Native.close(packetFd);
            Fixtures.status("ip", "link", "del", a);
        }
        assertEquals(Optional.empty(), ifindexOf(a));
    }

    private static Optional<Integer> ifindexOf(String name) {
        try {
            return Optional.of(Net.ifindex(name));
        } catch (KernelException e) {
            return Optional.empty();
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier cond, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!cond.getAsBoolean() && System.currentTimeMillis() < deadline) Thread.sleep(10);
    }
}
