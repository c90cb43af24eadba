package io.tinybpf.kernel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor returned by bpf(2) (map, program, link, stats, pinned object).
 * {@link #close()} closes it exactly once; further closes are no-ops.
 */
public final class BpfFd implements AutoCloseable {
    private final AtomicInteger fd;

    private BpfFd(int fd) {
        this.fd = new AtomicInteger(fd);
    }

    /** Takes ownership of {@code fd}. */
    public static BpfFd adopt(int fd) {
        if (fd < 0) throw new IllegalArgumentException("invalid fd " + fd);
        return new BpfFd(fd);
    }

    /** The descriptor number; throws {@link IllegalStateException} once closed. */
    public int fd() {
        int v = fd.get();
        if (v < 0) throw new IllegalStateException("file descriptor already closed");
        return v;
    }

    public boolean isOpen() {
        return fd.get() >= 0;
    }

    @Override
    public void close() {
        int v = fd.getAndSet(-1);
        if (v >= 0) Native.close(v);
    }

    @Override
    public String toString() {
        return "BpfFd[" + fd.get() + "]";
    }
}
