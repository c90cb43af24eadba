package io.tinybpf.server;

import io.tinybpf.util.Env;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The resident build server behind the native {@code tinybpf} client (src/main/c/tinybpf.c).
 *
 * <p>Why: a JVM costs about 45 ms to start here and runs a build's Java code cold (interpreted,
 * then C1), which made our own share of a small build several hundred milliseconds. A server
 * that stays up between builds runs the transform JIT-compiled; the client is a small C program
 * that forwards its arguments, environment and working directory and prints what comes back.
 *
 * <p>Safety, since tinybpf usually runs as root:
 * <ul>
 *   <li>The socket lives in a directory only its user can enter: the client creates it with mode
 *       0700 and checks owner and mode without following links, and so does the server (a
 *       directory another user could write is refused, and the client then runs without a
 *       server). The socket file itself is 0600, and every connection's peer must be the
 *       server's own user (SO_PEERCRED).</li>
 *   <li>No stale-server surprises: the socket's name carries the digest of the code
 *       ({@code server-<digest>.sock}), so a client only ever talks to a server running its own
 *       build; a server whose socket file was removed or replaced, or whose jar changed, exits.</li>
 *   <li>Automatic shutdown after an idle period (default 15 minutes, {@code TINYBPF_SERVER_IDLE}
 *       in seconds, read from the environment of the client that started it).</li>
 *   <li>Each request runs with the client's environment and directory ({@link Env}), never the
 *       server's; a client that goes away (Ctrl-C) interrupts its build, which kills the tools
 *       it runs.</li>
 * </ul>
 *
 * <p>Protocol (big-endian): the client sends {@code "TBP1"}, the arguments, the environment
 * ({@code NAME=value}) and the working directory, each list as a count and each string as a
 * length and UTF-8 bytes. The server answers with frames {@code type:u8 length:u32 data}:
 * 4 (empty) once it has the request and runs it, 1 standard output, 2 standard error, 3 the exit
 * status (4 bytes), after which it closes. A client that loses the connection before frame 4 may
 * safely run the command again (the server was shutting down when it connected).
 */
public final class BuildServer {
    static final int MAGIC = 0x54425031; // "TBP1"
    static final byte OUT = 1, ERR = 2, EXIT = 3, STARTED = 4;
    private static final int MAX_STRINGS = 1 << 16, MAX_STRING = 1 << 20;

    private final Path socket;
    private volatile Object boundInode = "";
    private final Duration idle;
    private final BiFunction<String[], PrintStream[], Integer> command;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private volatile boolean stopping;

    /**
     * @param command runs one invocation: arguments and {out, err}, returns the exit status
     */
    public BuildServer(Path socket, Duration idle, BiFunction<String[], PrintStream[], Integer> command) {
        this.socket = socket.toAbsolutePath();
        this.idle = idle;
        this.command = command;
    }

    /** The idle period from {@code TINYBPF_SERVER_IDLE} (seconds), default 15 minutes. */
    public static Duration idleFromEnvironment() {
        try {
            long s = Long.parseLong(Env.get("TINYBPF_SERVER_IDLE", "900"));
            return Duration.ofSeconds(Math.max(1, s));
        } catch (NumberFormatException e) {
            return Duration.ofMinutes(15);
        }
    }

    /**
     * Serves until idle or displaced, then waits for the requests still running and returns the
     * process exit status (the caller exits).
     */
    public int serve() throws IOException {
        Path dir = socket.getParent();
        String problem = privateDirectoryProblem(dir);
        if (problem != null) {
            System.err.println("tinybpf server: " + problem);
            return 1;
        }
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Object inode = inodeOf(socket);
            boundInode = inode;
            Path jar = codeLocation();
            String jarIdentity = identity(jar);
            Thread.ofPlatform().daemon().name("tinybpf-server-watchdog").start(() -> watchdog(server, inode, jar, jarIdentity));
            while (!stopping) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (IOException e) {
                    if (stopping) break;
                    throw e;
                }
                active.incrementAndGet();
                lastActivity.set(System.nanoTime());
                // platform threads with the launcher's stack size: the IR code recurses deeply on large modules
                Thread.ofPlatform().name("tinybpf-request").stackSize(8 << 20).start(() -> handle(ch));
            }
            synchronized (this) {
                while (active.get() > 0) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
            }
        } finally {
            try {
                if (inodeOf(socket).equals(boundInode)) Files.delete(socket);
                // the client's lock and log beside it (server-<digest>.lock/.log), unless a newer
                // server of this build has taken the socket: one stale pair per build would pile up
                if (inodeOf(socket).equals("")) {
                    String base = socket.getFileName().toString().replaceFirst("\\.sock$", "");
                    Files.deleteIfExists(socket.resolveSibling(base + ".lock"));
                    Files.deleteIfExists(socket.resolveSibling(base + ".log"));
                }
            } catch (IOException e) {
                // already gone
            }
        }
        return 0;
    }

    /** Exits when idle, when the socket is gone or replaced, or when the jar changed under us. */
    private void watchdog(ServerSocketChannel server, Object inode, Path jar, String jarIdentity) {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            boolean displaced = !inode.equals(inodeOf(socket));
            boolean changed = jar != null && !jarIdentity.equals(identity(jar));
            boolean idleLong = active.get() == 0 && System.nanoTime() - lastActivity.get() > idle.toNanos();
            if (displaced || (active.get() == 0 && (changed || idleLong))) {
                stopping = true;
                try {
                    // removed first, so new clients start a new server instead of queueing here
                    if (!displaced) Files.deleteIfExists(socket);
                    server.close(); // ends serve()'s accept loop; running requests finish first
                } catch (IOException e) {
                    // stopping anyway
                }
                return;
            }
        }
    }

    private void handle(SocketChannel ch) {
        long tAccept = System.nanoTime();
        try (ch) {
            if (!samePeer(ch)) return;
            InputStream rawIn = Channels.newInputStream(ch);
            DataInputStream in = new DataInputStream(rawIn);
            if (in.readInt() != MAGIC) return;
            String[] args = strings(in).toArray(String[]::new);
            Map<String, String> vars = new HashMap<>();
            for (String kv : strings(in)) {
                int eq = kv.indexOf('=');
                if (eq > 0) vars.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            Path cwd = Path.of(string(in));
            if (!cwd.isAbsolute()) return;
            Frames frames = new Frames(ch);
            frames.write(STARTED, new byte[0], 0, 0);
            PrintStream out = new PrintStream(frames.stream(OUT), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(frames.stream(ERR), true, StandardCharsets.UTF_8);
            Thread worker = Thread.currentThread();
            // the client closes its end when it is interrupted: stop the build (and the tools it runs)
            Thread watcher = Thread.ofVirtual().start(() -> {
                try {
                    if (rawIn.read() < 0 && !frames.done) worker.interrupt();
                } catch (IOException e) {
                    if (!frames.done) worker.interrupt();
                }
            });
            int code;
            long t0 = System.nanoTime();
            try {
                code = Env.call(new Env(cwd, vars), () -> command.apply(args, new PrintStream[] {out, err}));
            } catch (Exception e) {
                err.println("error: " + e);
                code = 1;
            }
            out.flush();
            err.flush();
            frames.exit(code);
            // the server's log: one line per request, for diagnosing the server itself
            System.err.printf("%s %s: exit %d, %d us (accepted %d us before)%n", java.time.Instant.now(), args.length > 0 ? args[0] : "", code,
                    (System.nanoTime() - t0) / 1_000, (t0 - tAccept) / 1000);
            watcher.interrupt();
            Thread.interrupted(); // a late interrupt must not leak into the next use of this thread
        } catch (IOException e) {
            // client went away
        } finally {
            lastActivity.set(System.nanoTime());
            if (active.decrementAndGet() == 0) {
                // after a large build, hand the memory back: the server should cost little while it
                // waits (small builds leave little garbage, and a collection would cost their CPU)
                // (a full collection is what lets the serial collector shrink the heap and uncommit it;
                // small builds stay near the 24 MiB initial heap, a 100k-line link ends near 50 MiB)
                if (Runtime.getRuntime().totalMemory() > 40L << 20) System.gc();
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    /** Frames to the client; writes from stdout and stderr streams interleave whole. */
    private static final class Frames {
        private final SocketChannel ch;
        volatile boolean done;

        Frames(SocketChannel ch) {
            this.ch = ch;
        }

        synchronized void write(byte type, byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(5 + len);
            buf.put(type).putInt(len).put(b, off, len).flip();
            while (buf.hasRemaining()) ch.write(buf);
        }

        void exit(int code) throws IOException {
            write(EXIT, ByteBuffer.allocate(4).putInt(code).array(), 0, 4);
            done = true;
        }

        OutputStream stream(byte type) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    Frames.this.write(type, new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) Frames.this.write(type, b, off, len);
                }
            };
        }
    }

    /** The socket file's inode ("" when gone): a replaced file is another server's. */
    private static Object inodeOf(Path p) {
        try {
            return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRINGS) throw new IOException("bad request");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(string(in));
        return out;
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) throw new IOException("bad request");
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** The peer must be this process's own user (the directory's mode already keeps others out). */
    private static boolean samePeer(SocketChannel ch) {
        try {
            var peer = ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return peer.user().getName().equals(ownUserName());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static volatile String ownUser;

    private static String ownUserName() throws IOException {
        String u = ownUser;
        if (u == null) ownUser = u = Files.getOwner(Path.of("/proc/self"), LinkOption.NOFOLLOW_LINKS).getName();
        return u;
    }

    /**
     * Why {@code dir} may not hold the socket, or null: it must be a real directory (not a link),
     * owned by this process's user, and neither group- nor world-accessible.
     */
    public static String privateDirectoryProblem(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return dir + " is not a directory";
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != self) return dir + " belongs to uid " + owner + ", not " + self;
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission x : p) {
                if (x.name().startsWith("GROUP") || x.name().startsWith("OTHERS")) return dir + " is accessible to other users (" + PosixFilePermissions.toString(p) + ")";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return dir + ": " + e.getMessage();
        }
    }

    private static Path codeLocation() {
        try {
            var src = BuildServer.class.getProtectionDomain().getCodeSource();
            Path p = src == null ? null : Path.of(src.getLocation().toURI());
            return p != null && Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String identity(Path p) {
        if (p == null) return "";
        try {
            return Files.getAttribute(p, "unix:ino") + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return "gone";
        }
    }
}
