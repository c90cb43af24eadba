package io.tinybpf.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.Main;
import io.tinybpf.util.Env;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build server's protocol and safety rules, in-process: each request runs with the client's
 * directory and environment, output and exit status come back in frames, a directory others can
 * enter is refused, and a client that goes away interrupts its command.
 */
class BuildServerTest {
    @TempDir
    Path tmp;

    record Reply(int exit, String out, String err, boolean started) {}

    private static Reply request(Path socket, List<String> args, Map<String, String> env, Path cwd) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream o = new DataOutputStream(Channels.newOutputStream(ch));
            o.writeInt(BuildServer.MAGIC);
            o.writeInt(args.size());
            for (String a : args) str(o, a);
            o.writeInt(env.size());
            for (var e : env.entrySet()) str(o, e.getKey() + "=" + e.getValue());
            str(o, cwd.toString());
            o.flush();
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            boolean started = false;
            while (true) {
                int type = in.readUnsignedByte();
                byte[] data = in.readNBytes(in.readInt());
                switch (type) {
                    case BuildServer.STARTED -> started = true;
                    case BuildServer.OUT -> out.write(data);
                    case BuildServer.ERR -> err.write(data);
                    case BuildServer.EXIT -> {
                        return new Reply(java.nio.ByteBuffer.wrap(data).getInt(), out.toString(StandardCharsets.UTF_8),
                                err.toString(StandardCharsets.UTF_8), started);
                    }
                    default -> throw new AssertionError("unknown frame " + type);
                }
            }
        }
    }

    private static void str(DataOutputStream o, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.writeInt(b.length);
        o.write(b);
    }

    private Path privateDir() throws IOException {
        Path d = tmp.resolve("run");
        Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return d;
    }

    private static Thread serve(BuildServer s) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                s.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Waits until the server accepts connections: the socket file appears at bind, a moment before
     * the listen, so its existence alone is not enough (a connect in between is refused).
     */
    private static void awaitSocket(Path socket) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (Files.exists(socket)) {
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(socket));
                    return;
                } catch (IOException refused) {
                    // not listening yet
                }
            }
            Thread.sleep(10);
        }
        assertTrue(Files.exists(socket), "server listens on " + socket);
    }

    @Test
    void requestsRunInTheClientsDirectoryAndEnvironment() throws Exception {
        Path socket = privateDir().resolve("s.sock");
        serve(new BuildServer(socket, Duration.ofMinutes(1), (a, s) -> Main.runForClient(a, s[0], s[1])));
        awaitSocket(socket);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

        // a relative --dir resolves against the client's directory, not the server's
        Path cwd = Files.createDirectories(tmp.resolve("client"));
        Reply init = request(socket, List.of("init", "probe", "--dir", "proj"), Map.of("PATH", "/usr/bin:/bin"), cwd);
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.started(), "the server says it has the request before it runs it");
        assertTrue(Files.isRegularFile(cwd.resolve("proj/tinybpf.json")), init.out());
        assertTrue(init.out().contains("created proj/tinybpf.json"), "paths printed as the user would write them: " + init.out());

        // the cache directory comes from the client's TINYBPF_CACHE_DIR
        Path cache = tmp.resolve("client-cache");
        Reply clean = request(socket, List.of("clean-cache"), Map.of("TINYBPF_CACHE_DIR", cache.toString()), cwd);
        assertEquals(0, clean.exit(), clean.err());
        assertTrue(clean.out().contains(cache.resolve("v1").toString()), clean.out());

        // usage errors keep their exit status and go to stderr; hidden commands are not served
        Reply bad = request(socket, List.of("buld"), Map.of(), cwd);
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("did you mean 'build'?"), bad.err());
        assertEquals(2, request(socket, List.of("__server", "/tmp/x"), Map.of(), cwd).exit());
    }

    @Test
    void clientThatGoesAwayInterruptsItsCommand() throws Exception {
        Path socket = privateDir().resolve("s.sock");
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        serve(new BuildServer(socket, Duration.ofMinutes(1), (a, s) -> {
            running.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            finished.countDown();
            return 1;
        }));
        awaitSocket(socket);
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        DataOutputStream o = new DataOutputStream(Channels.newOutputStream(ch));
        o.writeInt(BuildServer.MAGIC);
        o.writeInt(1);
        str(o, "build");
        o.writeInt(0);
        str(o, tmp.toString());
        o.flush();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        ch.close(); // Ctrl-C in the client
        assertTrue(finished.await(10, TimeUnit.SECONDS), "the command stopped");
        assertTrue(interrupted.get(), "by an interrupt");
    }

    @Test
    void idleServerExitsAndRemovesItsSocket() throws Exception {
        Path socket = privateDir().resolve("s.sock");
        Files.writeString(socket.resolveSibling("s.lock"), ""); // what the client leaves beside it
        Files.writeString(socket.resolveSibling("s.log"), "");
        BuildServer s = new BuildServer(socket, Duration.ofSeconds(1), (a, st) -> 0);
        // serve() in this thread: it must return by itself once idle
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                s.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.join(15_000);
        assertTrue(!t.isAlive(), "an idle server stops");
        assertTrue(!Files.exists(socket), "and removes its socket");
        assertTrue(!Files.exists(socket.resolveSibling("s.lock")) && !Files.exists(socket.resolveSibling("s.log")), "and the client's lock and log");
    }

    @Test
    void refusesDirectoriesOthersCanUse() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertNotNull(BuildServer.privateDirectoryProblem(open));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), privateDir());
        assertNotNull(BuildServer.privateDirectoryProblem(link), "a symbolic link is not the directory itself");
        assertNull(BuildServer.privateDirectoryProblem(tmp.resolve("run")));
        assertEquals(1, new BuildServer(open.resolve("s.sock"), Duration.ofSeconds(1), (a, s) -> 0).serve(),
                "the server does not listen in a directory others can enter");
        assertTrue(!Files.exists(open.resolve("s.sock")));
    }

    @Test
    void envBindsPerCall() throws Exception {
        Env e = new Env(tmp, Map.of("TINYBPF_X", "1"));
        assertEquals("1", Env.call(e, () -> Env.get("TINYBPF_X")));
        assertEquals(tmp.resolve("a/b"), Env.call(e, () -> Env.path("a/b")));
        assertEquals("a/b", Env.call(e, () -> Env.display(tmp.resolve("a/b"))));
        assertEquals(tmp.resolve("a"), Env.call(e, () -> Env.carry(() -> Env.path("a"))).call(), "carried to another thread's call");
    }
}
