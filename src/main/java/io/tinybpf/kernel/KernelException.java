package io.tinybpf.kernel;

/**
 * A failed kernel (bpf(2)) or libbpf operation.
 *
 * <p>Carries the operation ({@code "BPF_MAP_CREATE"}, {@code "load program 'xdp_main'"}, ...), the
 * positive errno and its symbolic name, and — for program loads — the verifier log and libbpf's own
 * messages. {@link #kind()} tells the common cases apart, most importantly "the kernel refuses this
 * kind of program" ({@link Kind#KERNEL_REFUSED}, e.g. EPERM for fentry on a kernel without
 * trampolines) from "the verifier rejected this program" ({@link Kind#VERIFIER_REJECTED}, EACCES or
 * EINVAL with a log explaining why).
 */
public final class KernelException extends RuntimeException {
    /** Coarse classification of a failure. */
    public enum Kind {
        /** A program load that the verifier rejected; {@link #verifierLog()} says why. */
        VERIFIER_REJECTED,
        /**
         * The kernel refused the operation without verifying anything: missing privilege or a
         * program/attach type this kernel does not support (EPERM, EOPNOTSUPP, ENOTSUPP, or EINVAL
         * on a program load that produced no verifier log).
         */
        KERNEL_REFUSED,
        /** A named thing does not exist (ENOENT): a kprobe target without CONFIG_KPROBES, a missing pin, a map key. */
        NOT_FOUND,
        /** Anything else. */
        OTHER
    }

    private final String operation;
    private final int errno;
    private final String verifierLog;
    private final String libbpfLog;
    private final boolean programLoad;

    public KernelException(String operation, int errno) {
        this(operation, errno, null, null, false);
    }

    public KernelException(String operation, int errno, String verifierLog, String libbpfLog, boolean programLoad) {
        super(message(operation, errno, verifierLog, libbpfLog));
        this.operation = operation;
        this.errno = Math.abs(errno);
        this.verifierLog = verifierLog == null || verifierLog.isEmpty() ? null : verifierLog;
        this.libbpfLog = libbpfLog == null || libbpfLog.isEmpty() ? null : libbpfLog;
        this.programLoad = programLoad;
    }

    private static String message(String op, int errno, String vlog, String llog) {
        int e = Math.abs(errno);
        StringBuilder sb = new StringBuilder();
        // without a verifier log, libbpf's log is what says why (a map it could not create, a
        // kfunc the kernel does not have): that goes on the first line, which callers show alone
        String cause = vlog == null || vlog.isBlank() ? LibbpfLog.failure(llog) : null;
        sb.append(op).append(" failed: ");
        if (cause != null) sb.append(cause).append(" [").append(Errno.name(e)).append(']');
        else sb.append(Errno.name(e)).append(" (").append(Errno.description(e)).append(')');
        if (vlog != null && !vlog.isBlank()) {
            String tail = VerifierReport.lastLines(vlog, 8);
            sb.append("\nverifier log (last lines):\n").append(tail);
        } else if (llog != null && !llog.isBlank()) {
            sb.append("\nlibbpf:\n").append(VerifierReport.lastLines(llog, 6));
        }
        return sb.toString();
    }

    /** What was attempted, e.g. {@code "BPF_MAP_UPDATE_ELEM"} or {@code "load program 'handle'"}. */
    public String operation() {
        return operation;
    }

    /** Positive errno, e.g. 1 for EPERM. */
    public int errno() {
        return errno;
    }

    /** Symbolic errno name, e.g. {@code "EACCES"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * What libbpf said went wrong when no verifier log explains it, e.g. {@code map 'counters':
     * failed to create: Invalid argument(-22)}; null otherwise.
     */
    public String libbpfCause() {
        return verifierLog == null ? LibbpfLog.failure(libbpfLog) : null;
    }

    /** The kernel verifier log of the failing program load, or null when there was none. */
    public String verifierLog() {
        return verifierLog;
    }

    /** libbpf's warnings captured during the operation (its print callback), or null. */
    public String libbpfLog() {
        return libbpfLog;
    }

    /** True when this came from loading a program. */
    public boolean isProgramLoad() {
        return programLoad;
    }

    public Kind kind() {
        if (errno == Errno.ENOENT) return Kind.NOT_FOUND;
        if (errno == Errno.EPERM || errno == Errno.EOPNOTSUPP || errno == Errno.ENOTSUPP) return Kind.KERNEL_REFUSED;
        if (programLoad) {
            boolean hasLog = verifierLog != null && !verifierLog.isBlank();
            if (hasLog) return Kind.VERIFIER_REJECTED;
            if (errno == Errno.EINVAL) return Kind.KERNEL_REFUSED;
        }
        return Kind.OTHER;
    }

    /** Verifier rejected the program (there is a log explaining why). */
    public boolean isVerifierRejection() {
        return kind() == Kind.VERIFIER_REJECTED;
    }

    /** The kernel refused without verifying (privilege or unsupported program/attach type). */
    public boolean isKernelRefusal() {
        return kind() == Kind.KERNEL_REFUSED;
    }
}
