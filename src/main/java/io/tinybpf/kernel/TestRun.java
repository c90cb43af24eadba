package io.tinybpf.kernel;

/**
 * Input of a {@code BPF_PROG_TEST_RUN}. Which fields a program type accepts is the kernel's choice:
 * <ul>
 *   <li>XDP, tc (sched_cls/sched_act), socket filter, cgroup_skb, flow dissector: a packet in
 *       {@code dataIn} (at least an Ethernet header), optionally a context ({@code __sk_buff} /
 *       {@code xdp_md}) in {@code ctxIn}, {@code repeat} runs;</li>
 *   <li>syscall programs: only {@code ctxIn} (the kernel writes the context back into it: see
 *       {@link TestRunResult#ctxInAfter()}); no data, no repeat, no flags;</li>
 *   <li>raw tracepoints: only {@code ctxIn} (the u64 arguments), optionally {@link #onCpu(int)}.</li>
 * </ul>
 *
 * @param dataIn      packet bytes, or null
 * @param dataOutSize capacity for the output packet; -1 picks {@code dataIn.length + 4096} (0 without data)
 * @param ctxIn       context bytes, or null
 * @param ctxOutSize  capacity for the output context; 0 for none
 * @param repeat      number of runs (0 means 1; the reported duration is the mean)
 * @param flags       BPF_F_TEST_RUN_ON_CPU / BPF_F_TEST_XDP_LIVE_FRAMES
 * @param cpu         CPU to run on when {@code flags} has {@link Bpf#F_TEST_RUN_ON_CPU}
 * @param batchSize   XDP live-frames batch size (0 for the default)
 */
public record TestRun(byte[] dataIn, int dataOutSize, byte[] ctxIn, int ctxOutSize, int repeat, int flags, int cpu,
                      int batchSize) {

    /** Runs the program once on {@code packet}. */
    public static TestRun packet(byte[] packet) {
        return new TestRun(packet, -1, null, 0, 0, 0, 0, 0);
    }

    /** Runs the program once with only a context (syscall, raw tracepoint programs). */
    public static TestRun context(byte[] ctx) {
        return new TestRun(null, 0, ctx, 0, 0, 0, 0, 0);
    }

    public TestRun withRepeat(int n) {
        return new TestRun(dataIn, dataOutSize, ctxIn, ctxOutSize, n, flags, cpu, batchSize);
    }

    public TestRun withContext(byte[] ctx, int outSize) {
        return new TestRun(dataIn, dataOutSize, ctx, outSize, repeat, flags, cpu, batchSize);
    }

    public TestRun withDataOutSize(int size) {
        return new TestRun(dataIn, size, ctxIn, ctxOutSize, repeat, flags, cpu, batchSize);
    }

    public TestRun withFlags(int f) {
        return new TestRun(dataIn, dataOutSize, ctxIn, ctxOutSize, repeat, f, cpu, batchSize);
    }

    /** Runs on the given CPU (sets {@link Bpf#F_TEST_RUN_ON_CPU}). */
    public TestRun onCpu(int c) {
        return new TestRun(dataIn, dataOutSize, ctxIn, ctxOutSize, repeat, flags | Bpf.F_TEST_RUN_ON_CPU, c, batchSize);
    }
}
