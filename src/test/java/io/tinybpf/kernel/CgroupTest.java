package io.tinybpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A cgroup/connect4 program on a fresh cgroup v2 directory blocks one port for processes inside it. */
@Tag("kernel")
public class CgroupTest {
    static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");
    static final Path PURE_V2 = Path.of("/sys/fs/cgroup");

    public static Path cgroup2Root() {
        if (Files.exists(UNIFIED.resolve("cgroup.procs"))) return UNIFIED;        // hybrid layout
        if (Files.exists(PURE_V2.resolve("cgroup.controllers"))) return PURE_V2;  // pure v2
        return null;
    }

    @Test
    void connect4ProgramBlocksOnePortInsideItsCgroup() throws Exception {
        Requires.kernel();
        Path root = cgroup2Root();
        Requires.that(root != null, "cgroup v2 mounted at /sys/fs/cgroup/unified or /sys/fs/cgroup");
        Path helper = Fixtures.helper();
        Path cg = root.resolve(Fixtures.uniqueName("tinybpf-test-"));
        Files.createDirectory(cg);
        try (ServerSocketChannel blocked = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             ServerSocketChannel allowed = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             BpfObject obj = BpfObject.open(Fixtures.bpf("probes"))) {
            int blockedPort = ((InetSocketAddress) blocked.getLocalAddress()).getPort();
            int allowedPort = ((InetSocketAddress) allowed.getLocalAddress()).getPort();
            obj.setVariable("blocked_port", LittleEndian.u16(blockedPort));
            obj.program("on_enter").setAutoload(false);
            obj.program("on_return").setAutoload(false);
            obj.load();
            BpfProgram guard = obj.program("guard_connect4");
            assertEquals("cgroup_sock_addr", guard.typeName());
            assertEquals("cgroup_inet4_connect", guard.expectedAttachTypeName());
            try (BpfLink link = guard.attachCgroup(cg)) {
                assertEquals("cgroup", link.info().orElseThrow().typeName());
                assertEquals(Errno.EPERM, connectFromCgroup(cg, helper, blockedPort), "blocked port");
                assertEquals(0, connectFromCgroup(cg, helper, allowedPort), "allowed port");
                assertEquals(0, Fixtures.status(helper.toString(), "connect", Integer.toString(blockedPort)),
                        "outside the cgroup nothing is blocked");
            }
            assertEquals(0, connectFromCgroup(cg, helper, blockedPort), "detached: no longer blocked");

            // The same through legacy BPF_PROG_ATTACH/BPF_PROG_DETACH (no link fd).
            int cgFd = Native.open(cg.toString(), Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC);
            try {
                Bpf.progAttach(guard.fd(), cgFd, guard.expectedAttachType(), 0);
                try {
                    assertEquals(Errno.EPERM, connectFromCgroup(cg, helper, blockedPort), "legacy attach blocks");
                } finally {
                    Bpf.progDetach(guard.fd(), cgFd, guard.expectedAttachType());
                }
                assertEquals(0, connectFromCgroup(cg, helper, blockedPort), "legacy detach unblocks");
            } finally {
                Native.close(cgFd);
            }
        } finally {
            removeCgroup(cg);
        }
        assertFalse(Files.exists(cg));
    }

    /**
     * Runs the helper inside {@code cg} (the shell moves itself there, then execs); returns its exit
     * status: 0 or the connect errno (99 if the shell could not join the cgroup).
     */
    public static int connectFromCgroup(Path cg, Path helper, int port) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c",
                "echo $$ > \"$1/cgroup.procs\" || exit 99; exec \"$2\" connect \"$3\"", "sh", cg.toString(), helper.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    public static void removeCgroup(Path cg) throws Exception {
        for (int i = 0; i < 100 && Files.exists(cg); i++) {
            try {
                Files.delete(cg); // rmdir: succeeds once the exited helpers have left it
            } catch (java.nio.file.FileSystemException e) {
                Thread.sleep(20);
            }
        }
    }
}
