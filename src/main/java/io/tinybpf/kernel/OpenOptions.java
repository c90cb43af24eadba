package io.tinybpf.kernel;

import java.nio.file.Path;

/**
 * How to open and load a {@link BpfObject}.
 *
 * @param objectName    overrides the object name libbpf derives from the file name (null: keep)
 * @param btfCustomPath BTF to use for CO-RE relocations instead of /sys/kernel/btf/vmlinux (null: kernel's)
 * @param pinRoot       directory for maps declared with {@code LIBBPF_PIN_BY_NAME} (null: /sys/fs/bpf)
 * @param kconfig       extra {@code CONFIG_X=y} lines for {@code __kconfig} externs (null: none)
 * @param logLevel      verifier log level for every program: 0, or {@link Bpf#LOG_LEVEL1},
 *                      {@link Bpf#LOG_LEVEL2}, {@link Bpf#LOG_STATS} combined. Level 1 keeps the
 *                      trace of the failing path only (the kernel drops each path's trace once it
 *                      verifies), so a successful program's level-1 log is just its summary; level 2
 *                      traces every instruction of every path (large). With 0 a log is still
 *                      captured for a failing program (libbpf retries it at level 1).
 * @param logSize       initial per-program log buffer in bytes; grown ×8 on ENOSPC
 * @param maxLogSize    largest per-program log buffer; beyond it the load is retried with
 *                      {@link Bpf#LOG_STATS} only (in a 64 KiB buffer) and the report is marked
 *                      truncated, keeping the end of the oversized log
 */
public record OpenOptions(String objectName, Path btfCustomPath, Path pinRoot, String kconfig, int logLevel, int logSize,
                          int maxLogSize) {
    public OpenOptions {
        if (logSize < 0 || maxLogSize < 0) throw new IllegalArgumentException("negative log size");
        if (maxLogSize > Bpf.MAX_LOG_SIZE) maxLogSize = Bpf.MAX_LOG_SIZE;
        if (logSize > maxLogSize) logSize = maxLogSize;
    }

    /**
     * Level 1 + stats: the summary ("processed N insns", stack depth, verification time) for every
     * program and the failing path's trace for a rejected one; 1 MiB per program, growing to 256 MiB.
     */
    public static OpenOptions defaults() {
        return new OpenOptions(null, null, null, null, Bpf.LOG_LEVEL1 | Bpf.LOG_STATS, 1 << 20, 256 << 20);
    }

    /** Only the summary and the verifier's error messages, without instruction traces: small and fast. */
    public static OpenOptions statsOnly() {
        return defaults().withLogLevel(Bpf.LOG_STATS).withLogSize(64 << 10);
    }

    public OpenOptions withObjectName(String name) {
        return new OpenOptions(name, btfCustomPath, pinRoot, kconfig, logLevel, logSize, maxLogSize);
    }

    public OpenOptions withBtfCustomPath(Path p) {
        return new OpenOptions(objectName, p, pinRoot, kconfig, logLevel, logSize, maxLogSize);
    }

    public OpenOptions withPinRoot(Path p) {
        return new OpenOptions(objectName, btfCustomPath, p, kconfig, logLevel, logSize, maxLogSize);
    }

    public OpenOptions withKconfig(String k) {
        return new OpenOptions(objectName, btfCustomPath, pinRoot, k, logLevel, logSize, maxLogSize);
    }

    public OpenOptions withLogLevel(int level) {
        return new OpenOptions(objectName, btfCustomPath, pinRoot, kconfig, level, logSize, maxLogSize);
    }

    public OpenOptions withLogSize(int size) {
        return new OpenOptions(objectName, btfCustomPath, pinRoot, kconfig, logLevel, size, Math.max(size, maxLogSize));
    }

    public OpenOptions withMaxLogSize(int size) {
        return new OpenOptions(objectName, btfCustomPath, pinRoot, kconfig, logLevel, Math.min(logSize, size), size);
    }
}
