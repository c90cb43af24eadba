package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.JsonSchema;
import io.tinybpf.testing.Requires;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tinybpf run: load, attach, decode ring-buffer records with the Go struct's BTF, dump maps, detach; exit codes, JSON Lines. */
@Tag("kernel")
@Tag("tinygo")
class RunTest {
    @Test
    void printsDecodedConnectEvents() throws Exception {
        var obj = Examples.build("tracepoint-connect").object();
        Requires.tracefs();
        try (ServerSocketChannel srv = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) srv.getLocalAddress()).getPort();
            CliRunner r = CliRunner.run("run", obj.toString(), "--exec", "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + "'");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("handle_connect: attached (tracepoint/syscalls/sys_enter_connect)"), r.out());
            assertTrue(r.out().matches("(?s).*\\[events\\] PID=\\d+ Port=" + port + " Family=2 Addr=127\\.0\\.0\\.1 Comm=\"bash\".*"), r.out());
            assertTrue(r.out().strip().endsWith("detached"), r.out());
        }
    }

    @Test
    void jsonLinesWithRecordsAndPeriodicDumps() throws Exception {
        var obj = Examples.build("tracepoint-connect").object();
        Requires.tracefs();
        try (ServerSocketChannel srv = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) srv.getLocalAddress()).getPort();
            CliRunner r = CliRunner.run("run", obj.toString(), "--json", "--exec", "sleep 0.3; bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + "'");
            assertEquals(0, r.exit(), r.out() + r.err());
            List<Map<String, Object>> events = new ArrayList<>();
            for (String line : r.out().split("\n")) events.add(JsonOutputTest.obj(JsonSchema.assertValid(line, "run-event.schema.json")));
            assertEquals("loaded", events.getFirst().get("event"));
            assertEquals("attached", events.get(1).get("event"));
            assertEquals("detached", events.getLast().get("event"));
            boolean seen = events.stream().filter(e -> e.get("event").equals("record")).map(e -> JsonOutputTest.obj(e.get("value")))
                    .anyMatch(v -> Long.valueOf(port).equals(v.get("Port")) && "127.0.0.1".equals(v.get("Addr")) && "bash".equals(v.get("Comm")));
            assertTrue(seen, "a record of our connect(), decoded:\n" + r.out());
        }
        // a counter map dumped while running and once more before detaching
        var pc = Examples.build("xdp-blocklist");
        CliRunner d = CliRunner.run("run", pc.object().toString(), "--json", "--duration", "1s", "--dump", "blocklist", "--dump-every", "300ms");
        assertEquals(0, d.exit(), d.out() + d.err());
        List<String> lines = d.out().lines().toList();
        for (String line : lines) JsonSchema.assertValid(line, "run-event.schema.json");
        long dumps = lines.stream().filter(l -> l.startsWith("{\"event\":\"dump\",\"map\":\"blocklist\"")).count();
        assertTrue(dumps >= 3, "three periodic dumps in 1 s and a final one:\n" + d.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"not_attached\"") && l.contains("xdp programs attach to a device")),
                d.out());
        assertEquals(2, CliRunner.run("run", pc.object().toString(), "--dump-every", "1s").exit(), "--dump-every needs --dump");
        assertEquals(2, CliRunner.run("run", pc.object().toString(), "--dump", "nosuchmap").exit());
    }

    @Test
    void aProgramThatCannotAttachEndsTheRunWithExit1(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Requires.tracefs();
        // a tracepoint no kernel has: loading works (the target is not checked then), attaching cannot
        Path obj = tmp.resolve("nowhere.o");
        CliRunner b = CliRunner.run("build", Examples.examplesDir().resolve("percpu-counter").toString(), "--section",
                "count_syscalls=tracepoint/tinybpf_test/no_such_event", "-o", obj.toString());
        assertEquals(0, b.exit(), b.err());
        CliRunner r = CliRunner.run("run", obj.toString(), "--duration", "100ms");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("count_syscalls: could not attach (tracepoint/tinybpf_test/no_such_event): ENOENT"), r.out());
        assertTrue(r.err().contains("error: count_syscalls could not attach"), r.err());
        CliRunner j = CliRunner.run("run", obj.toString(), "--duration", "100ms", "--json");
        assertEquals(1, j.exit());
        List<String> lines = j.out().lines().toList();
        for (String line : lines) JsonSchema.assertValid(line, "run-event.schema.json");
        assertTrue(lines.get(lines.size() - 2).startsWith("{\"event\":\"attach_failed\""), j.out());
    }

    @Test
    void aProgramTheVerifierRejectsIsAnErrorAtItsGoLine(@TempDir Path tmp) {
        // unchecked-packet reads past data_end: no kernel's verifier accepts it
        Examples.requireToolchain();
        Requires.kernel();
        var obj = tmp.resolve("unchecked.o");
        CliRunner b = CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/bad/unchecked-packet").toString(),
                "--section", "prog=xdp", "-o", obj.toString());
        assertEquals(0, b.exit(), b.err());
        CliRunner r = CliRunner.run("run", obj.toString(), "--duration", "100ms");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the kernel did not load") && r.err().contains("tinybpf verify --kernel"), r.err());
        assertTrue(r.err().contains("rejected at main.go:14: proto := *(*uint8)(unsafe.Pointer(data + 23))"), r.err());
    }
}
