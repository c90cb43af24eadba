package io.tinybpf.kernel;

/**
 * Output of a {@code BPF_PROG_TEST_RUN}.
 *
 * @param retval     the program's return value (XDP_PASS, TC_ACT_SHOT, bytes to keep, ...)
 * @param durationNs mean run time in nanoseconds as the kernel measured it (0 where not reported)
 * @param dataOut    the packet after the run (empty when the type has none)
 * @param ctxOut     the context after the run, when {@link TestRun#ctxOutSize()} asked for it
 * @param ctxInAfter {@code ctxIn} as read back after the run: syscall programs write their context
 *                   back into the input buffer (null when there was no context)
 */
public record TestRunResult(int retval, long durationNs, byte[] dataOut, byte[] ctxOut, byte[] ctxInAfter) {}
