package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** tinybpf run: load, attach, decode ring-buffer records with the Go struct's BTF, detach. */
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
    void aProgramTheKernelRefusesIsAnError() {
        var obj = Examples.build("lsm-file-open").object();
        Requires.kernel();
        CliRunner r = CliRunner.run("run", obj.toString(), "--duration", "100ms");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the kernel did not load") && r.err().contains("tinybpf verify --kernel"), r.err());
    }
}
