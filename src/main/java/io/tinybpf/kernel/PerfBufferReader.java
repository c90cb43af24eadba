package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;

/**
 * Consumes {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} output ({@code bpf_perf_event_output}) through
 * libbpf's {@code perf_buffer} API: one mmap'ed ring per CPU.
 *
 * <p>Samples are delivered as a {@code byte[]} copy with the CPU they came from, on the thread
 * calling {@link #poll}/{@link #consume}; lost-sample notifications go to the optional lost
 * handler. A handler exception is rethrown from the poll after the batch (libbpf's perf callbacks
 * cannot stop it). Readers created on a {@link BpfObject}'s map are closed by the object.
 */
@SuppressWarnings("restricted") // FFM: native access is this package's purpose
public final class PerfBufferReader implements AutoCloseable {
    /** Receives one sample. */
    @FunctionalInterface
    public interface SampleHandler {
        void onSample(int cpu, byte[] data);
    }

    /** Told how many samples a CPU's ring dropped because the reader was too slow. */
    @FunctionalInterface
    public interface LostHandler {
        void onLost(int cpu, long count);
    }

    private static final MethodHandle ON_SAMPLE, ON_LOST;

    static {
        try {
            var l = MethodHandles.lookup();
            ON_SAMPLE = l.findVirtual(PerfBufferReader.class, "onSample",
                    MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class, int.class));
            ON_LOST = l.findVirtual(PerfBufferReader.class, "onLost",
                    MethodType.methodType(void.class, MemorySegment.class, int.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final SampleHandler sampleHandler;
    private final LostHandler lostHandler;
    private final BpfObject owner;
    private MemorySegment pb;
    private Throwable pending;
    private boolean closed;

    private PerfBufferReader(BpfObject owner, SampleHandler s, LostHandler l) {
        this.owner = owner;
        this.sampleHandler = s;
        this.lostHandler = l;
    }

    /**
     * Opens per-CPU perf rings of {@code pageCount} pages each (a power of two) on a perf event array.
     *
     * @param lost may be null
     */
    public static PerfBufferReader open(BpfMap perfEventArray, int pageCount, SampleHandler sample, LostHandler lost) {
        Libbpf.require();
        if (pageCount <= 0 || Integer.bitCount(pageCount) != 1) {
            throw new IllegalArgumentException("pageCount must be a power of two, got " + pageCount);
        }
        PerfBufferReader r = new PerfBufferReader(perfEventArray.owner, sample, lost);
        try {
            MemorySegment s = Native.LINKER.upcallStub(ON_SAMPLE.bindTo(r), Libbpf.PERFBUF_SAMPLE_CB, r.arena);
            MemorySegment l = Native.LINKER.upcallStub(ON_LOST.bindTo(r), Libbpf.PERFBUF_LOST_CB, r.arena);
            r.pb = Libbpf.callPtr("perf_buffer__new(" + perfEventArray.name() + ")", Libbpf.PERF_BUFFER_NEW,
                    perfEventArray.fd(), (long) pageCount, s, l, MemorySegment.NULL, MemorySegment.NULL);
        } catch (RuntimeException e) {
            r.arena.close();
            throw e;
        }
        if (r.owner != null) r.owner.track(r);
        return r;
    }

    private void onSample(MemorySegment ctx, int cpu, MemorySegment data, int size) {
        try {
            long n = Integer.toUnsignedLong(size);
            byte[] copy = new byte[(int) n];
            MemorySegment.copy(data.reinterpret(n), JAVA_BYTE, 0, copy, 0, (int) n);
            sampleHandler.onSample(cpu, copy);
        } catch (Throwable t) {
            if (pending == null) pending = t;
        }
    }

    private void onLost(MemorySegment ctx, int cpu, long count) {
        try {
            if (lostHandler != null) lostHandler.onLost(cpu, count);
        } catch (Throwable t) {
            if (pending == null) pending = t;
        }
    }

    /** Waits up to {@code timeout} and delivers what arrived; returns the number of rings that had data. */
    public synchronized int poll(Duration timeout) {
        checkOpen();
        int r = Libbpf.callInt(Libbpf.PERF_BUFFER_POLL, pb, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return finish("perf_buffer__poll", r);
    }

    /** Delivers everything available now without waiting. */
    public synchronized int consume() {
        checkOpen();
        return finish("perf_buffer__consume", Libbpf.callInt(Libbpf.PERF_BUFFER_CONSUME, pb));
    }

    private int finish(String op, int r) {
        Throwable t = pending;
        pending = null;
        return Libbpf.pollResult(op, r, t, "perf buffer");
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("perf buffer reader is closed");
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (pb != null) Libbpf.call(Libbpf.PERF_BUFFER_FREE, pb);
            pb = null;
            arena.close();
        }
        if (owner != null) owner.untrack(this);
    }
}
