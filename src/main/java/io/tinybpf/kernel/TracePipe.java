package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines {@code bpf_trace_printk} writes (bpf.Printk), read from a tracefs instance of our own
 * rather than the global {@code trace_pipe}: reading a trace pipe consumes it, so another reader
 * on the machine (bpftool prog tracelog, another tinybpf run) keeps its lines. The instance
 * records only the {@code bpf_trace/bpf_trace_printk} event; it is removed on close. The event
 * carries no program identity, so these are the lines of every BPF program that prints while the
 * instance exists.
 */
public final class TracePipe implements AutoCloseable {
    private static final MethodHandle READ = Native.downcall(Native.LIBC, "read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Native.CAPTURE_ERRNO);
    private static final int O_NONBLOCK = 04000;
    private static final int EAGAIN = 11;
    private static final String EVENT = "events/bpf_trace/bpf_trace_printk/enable";

    private final Path instance;
    private final int fd;
    private final StringBuilder partial = new StringBuilder();
    private final Thread cleanup;
    private boolean closed;
    private boolean released;

    private TracePipe(Path instance, int fd) {
        this.instance = instance;
        this.fd = fd;
        this.cleanup = new Thread(this::close); // Ctrl-C during tinybpf run still removes the instance
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** The tracefs mount, or empty when tracefs is not mounted. */
    static Optional<Path> tracefs() {
        for (String p : new String[] {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
            if (Files.isDirectory(Path.of(p, "instances"))) return Optional.of(Path.of(p));
        }
        return Optional.empty();
    }

    /**
     * Creates an instance named {@code name} (made unique with this process's id) recording
     * bpf_trace_printk; empty with the reason when tracefs or the event is not available.
     */
    public static TracePipe open(String name) throws KernelException {
        Path root = tracefs().orElseThrow(() -> new KernelException("tracefs is not mounted (scripts/setup kernel mounts it)", 2));
        Path inst = root.resolve("instances").resolve(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
        try {
            Files.createDirectory(inst); // tracefs creates the instance's files
            Files.writeString(inst.resolve(EVENT), "1");
        } catch (IOException e) {
            removeInstance(inst);
            throw new KernelException("cannot create the tracefs instance " + inst + ": " + e.getMessage(), 13);
        }
        int fd;
        try {
            fd = Native.open(inst.resolve("trace_pipe").toString(), Native.O_RDONLY | O_NONBLOCK | Native.O_CLOEXEC);
        } catch (KernelException e) {
            removeInstance(inst);
            throw e;
        }
        return new TracePipe(inst, fd);
    }

    private static void removeInstance(Path inst) {
        try {
            Files.deleteIfExists(inst);
        } catch (IOException e) {
            // best effort: an instance left behind holds no events once its reader is gone
        }
    }

    /** The instance directory (for messages). */
    public Path instance() {
        return instance;
    }

    /**
     * The complete lines available now, each reduced to {@code comm-pid: message} (the task that
     * printed and what it printed).
     */
    public List<String> poll() {
        List<String> out = new ArrayList<>();
        if (closed) return out;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(8192);
            while (true) {
                long n = (long) READ.invokeExact(Native.errnoState(), fd, buf, 8192L);
                if (n <= 0) {
                    if (n < 0 && Native.lastErrno() != EAGAIN) closed = true;
                    break;
                }
                partial.append(new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            out.add(simplify(partial.substring(0, nl)));
            partial.delete(0, nl + 1);
        }
        return out;
    }

    /** {@code "   curl-4242  [001] b..11  2459.631642: bpf_trace_printk: hi"} → {@code "curl-4242: hi"}. */
    static String simplify(String line) {
        String l = line.strip();
        int tag = l.indexOf(": bpf_trace_printk: ");
        if (tag < 0) return l;
        int sp = l.indexOf(' ');
        String task = sp < 0 ? "?" : l.substring(0, sp);
        return task + ": " + l.substring(tag + ": bpf_trace_printk: ".length());
    }

    @Override
    public synchronized void close() {
        if (released) return;
        released = true;
        Native.close(fd);
        closed = true;
        removeInstance(instance);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook itself
        }
    }
}
