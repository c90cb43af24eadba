package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/** Shared FFM plumbing: the linker, errno capture, libc functions and C-string helpers. */
@SuppressWarnings("restricted") // FFM: native access is this package's purpose
final class Native {
    private Native() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** The calling thread's errno-capture segment (pass as the first argument to capturing handles). */
    static MemorySegment errnoState() {
        return STATE.get();
    }

    /** errno as captured by the last capturing call on this thread. */
    static int lastErrno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    static MethodHandle downcall(SymbolLookup lib, String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError("symbol not found: " + name));
        return LINKER.downcallHandle(sym, fd, options);
    }

    // ---- libc ----
    /** long syscall(long number, ...) called as syscall(nr, long, void*, long), capturing errno. */
    static final MethodHandle SYSCALL3 = downcall(LIBC, "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);
    /** int open(const char*, int flags, ...) — called without mode. */
    static final MethodHandle OPEN = downcall(LIBC, "open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    static final MethodHandle CLOSE = downcall(LIBC, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    static final MethodHandle SETSOCKOPT = downcall(LIBC, "setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    static final MethodHandle IF_NAMETOINDEX = downcall(LIBC, "if_nametoindex",
            FunctionDescriptor.of(JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    static final MethodHandle VSNPRINTF = downcall(LIBC, "vsnprintf",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    static final int O_RDONLY = 0;
    static final int O_DIRECTORY = 0200000;
    static final int O_CLOEXEC = 02000000;

    /** open(2); throws {@link KernelException} on failure. */
    static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(errnoState(), a.allocateFrom(path), flags);
            if (fd < 0) throw new KernelException("open " + path, lastErrno());
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** close(2), ignoring errors (used for cleanup). Returns 0 or errno. */
    static int close(int fd) {
        if (fd < 0) return 0;
        try {
            int r = (int) CLOSE.invokeExact(errnoState(), fd);
            return r < 0 ? lastErrno() : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockoptInt(int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocateFrom(JAVA_INT, value);
            int r = (int) SETSOCKOPT.invokeExact(errnoState(), fd, level, name, v, 4);
            return r < 0 ? lastErrno() : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- strings ----
    /** Reads a NUL-terminated UTF-8 string at {@code p}; null for NULL. */
    static String cString(MemorySegment p) {
        if (p == null || p.address() == 0) return null;
        return p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    /** Reads a NUL-terminated string from a fixed-size char array inside {@code seg}. */
    static String fixedString(MemorySegment seg, long offset, int max) {
        byte[] b = new byte[max];
        MemorySegment.copy(seg, JAVA_BYTE_LAYOUT, offset, b, 0, max);
        int n = 0;
        while (n < max && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    /** Reads a NUL-terminated string out of a char buffer of known capacity. */
    static String bufferString(MemorySegment buf) {
        long n = 0, cap = buf.byteSize();
        while (n < cap && buf.get(JAVA_BYTE_LAYOUT, n) != 0) n++;
        byte[] b = new byte[(int) n];
        MemorySegment.copy(buf, JAVA_BYTE_LAYOUT, 0, b, 0, (int) n);
        return new String(b, StandardCharsets.UTF_8);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
