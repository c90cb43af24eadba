package io.tinybpf.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An attachment of a program to a hook. {@link #close()} detaches it (idempotent, never throws for
 * a hook that has already gone away, e.g. a deleted interface).
 *
 * <p>Kinds: a libbpf {@code struct bpf_link} (tracepoints, raw tracepoints, uprobes, kprobes,
 * section-based auto attach), a kernel link fd from BPF_LINK_CREATE (XDP, cgroup), a tc filter
 * (netlink, detached with {@code bpf_tc_detach}) and a socket filter ({@code SO_ATTACH_BPF}).
 */
public final class BpfLink implements AutoCloseable {
    interface Detacher {
        void detach();
    }

    private final String description;
    private final int fd;
    private final Detacher detacher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onClose;

    BpfLink(String description, int fd, Detacher detacher) {
        this.description = description;
        this.fd = fd;
        this.detacher = detacher;
    }

    /** Wraps a libbpf {@code struct bpf_link*} (destroyed on close). */
    static BpfLink ofLibbpf(String description, MemorySegment link) {
        int fd = Libbpf.callInt(Libbpf.LINK_FD, link);
        return new BpfLink(description, fd, () -> Libbpf.callInt(Libbpf.LINK_DESTROY, link));
    }

    /** Wraps a kernel link fd (closing it detaches). */
    static BpfLink ofFd(String description, BpfFd fd) {
        return new BpfLink(description, fd.fd(), fd::close);
    }

    void onClose(Runnable r) {
        this.onClose = r;
    }

    /** What was attached where, e.g. {@code "prog 'handle' → tracepoint syscalls/sys_enter_connect"}. */
    public String description() {
        return description;
    }

    /** The kernel link fd, or -1 for attachments without one (tc filters, socket filters, legacy perf events). */
    public int fd() {
        return fd;
    }

    /** The kernel's view of the link (type, id, program id) when it has a link fd. */
    public Optional<LinkInfo> info() {
        if (fd < 0 || closed.get()) return Optional.empty();
        try {
            return Optional.of(Bpf.linkInfo(fd));
        } catch (KernelException e) {
            return Optional.empty(); // e.g. a perf-event fd that is not a BPF link
        }
    }

    /** Pins the link (BPF_OBJ_PIN): it then survives this process until the pin is removed. */
    public void pin(Path path) {
        if (fd < 0) throw new UnsupportedOperationException(description + " has no link fd to pin");
        Bpf.objPin(fd, path.toString());
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            detacher.detach();
        } catch (RuntimeException ignored) {
            // the hook may be gone already (interface deleted, cgroup removed): nothing left to detach
        } finally {
            Runnable r = onClose;
            if (r != null) r.run();
        }
    }

    @Override
    public String toString() {
        return "BpfLink[" + description + (fd >= 0 ? ", fd " + fd : "") + (closed.get() ? ", closed" : "") + "]";
    }
}
