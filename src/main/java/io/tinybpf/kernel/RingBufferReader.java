package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Consumes {@code BPF_MAP_TYPE_RINGBUF} records through libbpf's {@code ring_buffer} API.
 *
 * <p>Records are delivered to the handler as a {@code byte[]} copy on the thread that calls
 * {@link #poll} or {@link #consume}. A handler exception stops the current poll and is rethrown
 * from it (wrapped in an unchecked exception when checked). Several ring buffer maps can share one
 * reader ({@link #add}). Readers created on a {@link BpfObject}'s map are closed by the object.
 */
@SuppressWarnings("restricted") // FFM: native access is this package's purpose
public final class RingBufferReader implements AutoCloseable {
    private static final MethodHandle ON_SAMPLE;

    static {
        try {
            ON_SAMPLE = MethodHandles.lookup().findVirtual(RingBufferReader.class, "onSample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final List<Consumer<byte[]>> handlers = new ArrayList<>();
    private final MemorySegment callback;
    private final BpfObject owner;
    private MemorySegment rb;
    private Throwable pending;
    private boolean closed;

    private RingBufferReader(BpfObject owner) {
        this.owner = owner;
        this.callback = Native.LINKER.upcallStub(ON_SAMPLE.bindTo(this), Libbpf.RINGBUF_CB, arena);
    }

    /** A reader on one ring buffer map. */
    public static RingBufferReader open(BpfMap map, Consumer<byte[]> handler) {
        Libbpf.require();
        RingBufferReader r = new RingBufferReader(map.owner);
        try {
            r.handlers.add(handler);
            r.rb = Libbpf.callPtr("ring_buffer__new(" + map.name() + ")", Libbpf.RING_BUFFER_NEW, map.fd(), r.callback,
                    MemorySegment.ofAddress(0), MemorySegment.NULL);
        } catch (RuntimeException e) {
            r.arena.close();
            throw e;
        }
        if (r.owner != null) r.owner.track(r);
        return r;
    }

    /** Adds another ring buffer map to this reader. */
    public synchronized RingBufferReader add(BpfMap map, Consumer<byte[]> handler) {
        checkOpen();
        handlers.add(handler);
        try {
            Libbpf.callChecked("ring_buffer__add(" + map.name() + ")", Libbpf.RING_BUFFER_ADD, Libbpf.NONE_OK, rb,
                    map.fd(), callback, MemorySegment.ofAddress(handlers.size() - 1));
        } catch (RuntimeException e) {
            handlers.removeLast();
            throw e;
        }
        return this;
    }

    private int onSample(MemorySegment ctx, MemorySegment data, long size) {
        try {
            byte[] copy = new byte[(int) size];
            MemorySegment.copy(data.reinterpret(size), JAVA_BYTE, 0, copy, 0, (int) size);
            handlers.get((int) ctx.address()).accept(copy);
            return 0;
        } catch (Throwable t) {
            if (pending == null) pending = t;
            return -1;
        }
    }

    /**
     * Waits up to {@code timeout} for records and delivers them.
     *
     * @return the number of records delivered (0 on timeout or signal)
     */
    public synchronized int poll(Duration timeout) {
        checkOpen();
        int r = Libbpf.callInt(Libbpf.RING_BUFFER_POLL, rb, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return finish("ring_buffer__poll", r);
    }

    /** Delivers every record available now without waiting. */
    public synchronized int consume() {
        checkOpen();
        return finish("ring_buffer__consume", Libbpf.callInt(Libbpf.RING_BUFFER_CONSUME, rb));
    }

    /** An epoll fd that becomes readable when records are available (for external event loops). */
    public synchronized int epollFd() {
        checkOpen();
        return Libbpf.callInt(Libbpf.RING_BUFFER_EPOLL_FD, rb);
    }

    private int finish(String op, int r) {
        Throwable t = pending;
        pending = null;
        return Libbpf.pollResult(op, r, t, "ring buffer");
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("ring buffer reader is closed");
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (rb != null) Libbpf.call(Libbpf.RING_BUFFER_FREE, rb);
            rb = null;
            arena.close();
        }
        if (owner != null) owner.untrack(this);
    }
}
