package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Downcall handles into Debian's libbpf 1.1 ({@code libbpf.so.1}) and libbpf's print callback.
 *
 * <p>Handles whose C function returns a pointer (NULL + errno on failure in libbpf 1.x) capture
 * errno and take the capture segment as first argument ({@link #callPtr}). Functions returning
 * {@code int} return minus errno themselves.
 *
 * <p>libbpf's messages are routed through {@link #PRINT_STUB}: while a {@link LogCapture} is open on
 * the calling thread, warnings and info messages are collected there (and end up in
 * {@link KernelException#libbpfLog()} or {@link LoadResult#libbpfLog()}); outside a capture,
 * warnings go to stderr. Set {@code -Dtinybpf.libbpf.debug=true} to also see debug messages.
 */
@SuppressWarnings("restricted") // FFM: native access is this package's purpose
final class Libbpf {
    private Libbpf() {}

    private static final SymbolLookup LIB;
    private static final Throwable LOAD_ERROR;

    static {
        SymbolLookup lib = null;
        Throwable err = null;
        try {
            lib = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
        } catch (Throwable t) {
            err = t;
        }
        LIB = lib;
        LOAD_ERROR = err;
    }

    static void require() {
        if (LIB == null) {
            throw new UnsupportedOperationException(
                    "libbpf.so.1 could not be loaded (install Debian's libbpf1): " + LOAD_ERROR, LOAD_ERROR);
        }
    }

    private static MethodHandle h(String name, FunctionDescriptor fd) {
        if (LIB == null) return null;
        return Native.downcall(LIB, name, fd);
    }

    /** A handle for a pointer-returning function; captures errno (first argument: the capture segment). */
    private static MethodHandle hp(String name, FunctionDescriptor fd) {
        if (LIB == null) return null;
        return Native.downcall(LIB, name, fd, Native.CAPTURE_ERRNO);
    }

    private static FunctionDescriptor fd(java.lang.foreign.MemoryLayout ret, java.lang.foreign.MemoryLayout... args) {
        return ret == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(ret, args);
    }

    // bpf_object
    static final MethodHandle OBJECT_OPEN_FILE = hp("bpf_object__open_file", fd(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_LOAD = h("bpf_object__load", fd(JAVA_INT, ADDRESS));
    static final MethodHandle OBJECT_CLOSE = h("bpf_object__close", fd(null, ADDRESS));
    static final MethodHandle OBJECT_NAME = h("bpf_object__name", fd(ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_NEXT_PROGRAM = h("bpf_object__next_program", fd(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_NEXT_MAP = h("bpf_object__next_map", fd(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_BTF = h("bpf_object__btf", fd(ADDRESS, ADDRESS));

    // bpf_program
    static final MethodHandle PROG_NAME = h("bpf_program__name", fd(ADDRESS, ADDRESS));
    static final MethodHandle PROG_SECTION = h("bpf_program__section_name", fd(ADDRESS, ADDRESS));
    static final MethodHandle PROG_TYPE = h("bpf_program__type", fd(JAVA_INT, ADDRESS));
    static final MethodHandle PROG_SET_TYPE = h("bpf_program__set_type", fd(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle PROG_EXPECTED_ATTACH_TYPE = h("bpf_program__expected_attach_type", fd(JAVA_INT, ADDRESS));
    static final MethodHandle PROG_SET_EXPECTED_ATTACH_TYPE =
            h("bpf_program__set_expected_attach_type", fd(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle PROG_FD = h("bpf_program__fd", fd(JAVA_INT, ADDRESS));
    static final MethodHandle PROG_INSN_CNT = h("bpf_program__insn_cnt", fd(JAVA_LONG, ADDRESS));
    static final MethodHandle PROG_AUTOLOAD = h("bpf_program__autoload", fd(JAVA_BOOLEAN, ADDRESS));
    static final MethodHandle PROG_SET_AUTOLOAD = h("bpf_program__set_autoload", fd(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    static final MethodHandle PROG_SET_LOG_BUF = h("bpf_program__set_log_buf", fd(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle PROG_SET_LOG_LEVEL = h("bpf_program__set_log_level", fd(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle PROG_ATTACH = hp("bpf_program__attach", fd(ADDRESS, ADDRESS));
    static final MethodHandle PROG_ATTACH_TRACEPOINT =
            hp("bpf_program__attach_tracepoint", fd(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle PROG_ATTACH_RAW_TRACEPOINT =
            hp("bpf_program__attach_raw_tracepoint", fd(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle PROG_ATTACH_KPROBE =
            hp("bpf_program__attach_kprobe", fd(ADDRESS, ADDRESS, JAVA_BOOLEAN, ADDRESS));
    static final MethodHandle PROG_ATTACH_UPROBE_OPTS = hp("bpf_program__attach_uprobe_opts",
            fd(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));

    // bpf_link
    static final MethodHandle LINK_DESTROY = h("bpf_link__destroy", fd(JAVA_INT, ADDRESS));
    static final MethodHandle LINK_FD = h("bpf_link__fd", fd(JAVA_INT, ADDRESS));

    // bpf_map
    static final MethodHandle MAP_NAME = h("bpf_map__name", fd(ADDRESS, ADDRESS));
    static final MethodHandle MAP_TYPE = h("bpf_map__type", fd(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_KEY_SIZE = h("bpf_map__key_size", fd(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_VALUE_SIZE = h("bpf_map__value_size", fd(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_MAX_ENTRIES = h("bpf_map__max_entries", fd(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_SET_MAX_ENTRIES = h("bpf_map__set_max_entries", fd(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle MAP_FLAGS = h("bpf_map__map_flags", fd(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_FD = h("bpf_map__fd", fd(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_IS_INTERNAL = h("bpf_map__is_internal", fd(JAVA_BOOLEAN, ADDRESS));
    static final MethodHandle MAP_INITIAL_VALUE = h("bpf_map__initial_value", fd(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle MAP_SET_INITIAL_VALUE =
            h("bpf_map__set_initial_value", fd(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));

    // tc
    static final MethodHandle TC_HOOK_CREATE = h("bpf_tc_hook_create", fd(JAVA_INT, ADDRESS));
    static final MethodHandle TC_HOOK_DESTROY = h("bpf_tc_hook_destroy", fd(JAVA_INT, ADDRESS));
    static final MethodHandle TC_ATTACH = h("bpf_tc_attach", fd(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle TC_DETACH = h("bpf_tc_detach", fd(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle TC_QUERY = h("bpf_tc_query", fd(JAVA_INT, ADDRESS, ADDRESS));

    // btf
    static final MethodHandle BTF_FIND_BY_NAME_KIND = h("btf__find_by_name_kind", fd(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BTF_TYPE_BY_ID = h("btf__type_by_id", fd(ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BTF_NAME_BY_OFFSET = h("btf__name_by_offset", fd(ADDRESS, ADDRESS, JAVA_INT));

    // misc
    static final MethodHandle PROG_TYPE_STR = h("libbpf_bpf_prog_type_str", fd(ADDRESS, JAVA_INT));
    static final MethodHandle MAP_TYPE_STR = h("libbpf_bpf_map_type_str", fd(ADDRESS, JAVA_INT));
    static final MethodHandle ATTACH_TYPE_STR = h("libbpf_bpf_attach_type_str", fd(ADDRESS, JAVA_INT));
    static final MethodHandle LINK_TYPE_STR = h("libbpf_bpf_link_type_str", fd(ADDRESS, JAVA_INT));
    static final MethodHandle SET_PRINT = h("libbpf_set_print", fd(ADDRESS, ADDRESS));

    // ring buffer: int (*)(void *ctx, void *data, size_t size)
    static final FunctionDescriptor RINGBUF_CB = fd(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle RING_BUFFER_NEW = hp("ring_buffer__new", fd(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle RING_BUFFER_ADD = h("ring_buffer__add", fd(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle RING_BUFFER_POLL = h("ring_buffer__poll", fd(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle RING_BUFFER_CONSUME = h("ring_buffer__consume", fd(JAVA_INT, ADDRESS));
    static final MethodHandle RING_BUFFER_EPOLL_FD = h("ring_buffer__epoll_fd", fd(JAVA_INT, ADDRESS));
    static final MethodHandle RING_BUFFER_FREE = h("ring_buffer__free", fd(null, ADDRESS));

    // perf buffer: void (*)(void *ctx, int cpu, void *data, __u32 size); void (*)(void *ctx, int cpu, __u64 cnt)
    static final FunctionDescriptor PERFBUF_SAMPLE_CB = fd(null, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    static final FunctionDescriptor PERFBUF_LOST_CB = fd(null, ADDRESS, JAVA_INT, JAVA_LONG);
    static final MethodHandle PERF_BUFFER_NEW =
            hp("perf_buffer__new", fd(ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle PERF_BUFFER_POLL = h("perf_buffer__poll", fd(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle PERF_BUFFER_CONSUME = h("perf_buffer__consume", fd(JAVA_INT, ADDRESS));
    static final MethodHandle PERF_BUFFER_FREE = h("perf_buffer__free", fd(null, ADDRESS));

    // ------------------------------------------------------------------ calls

    /** Calls a non-capturing handle. */
    static Object call(MethodHandle mh, Object... args) {
        require();
        try {
            return mh.invokeWithArguments(args);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static int callInt(MethodHandle mh, Object... args) {
        return (int) call(mh, args);
    }

    static MemorySegment callSeg(MethodHandle mh, Object... args) {
        return (MemorySegment) call(mh, args);
    }

    static String callStr(MethodHandle mh, Object... args) {
        return Native.cString(callSeg(mh, args));
    }

    /**
     * Calls an errno-capturing, pointer-returning handle; throws {@link KernelException} for
     * {@code operation} when it returns NULL.
     */
    static MemorySegment callPtr(String operation, MethodHandle mh, Object... args) {
        require();
        Object[] full = new Object[args.length + 1];
        full[0] = Native.errnoState();
        System.arraycopy(args, 0, full, 1, args.length);
        MemorySegment r;
        try (LogCapture cap = LogCapture.begin()) {
            try {
                r = (MemorySegment) mh.invokeWithArguments(full);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
            if (r.address() == 0) {
                int errno = Native.lastErrno();
                throw new KernelException(operation, errno == 0 ? Errno.EINVAL : errno, null, cap.text(), false);
            }
        }
        return r;
    }

    /**
     * Calls an int-returning handle with libbpf's messages captured; throws {@link KernelException}
     * (carrying those messages) when it returns minus errno, except for the errnos in {@code ok}.
     * Returns the (possibly negative, if allowed) result.
     */
    static int callChecked(String operation, MethodHandle mh, int[] ok, Object... args) {
        try (LogCapture cap = LogCapture.begin()) {
            int r = callInt(mh, args);
            if (r < 0) {
                for (int e : ok) if (r == -e) return r;
                throw new KernelException(operation, -r, null, cap.text(), false);
            }
            return r;
        }
    }

    static final int[] NONE_OK = {};

    // ------------------------------------------------------------------ names

    static String progTypeName(int type) {
        return typeName(PROG_TYPE_STR, type);
    }

    static String mapTypeName(int type) {
        return typeName(MAP_TYPE_STR, type);
    }

    static String attachTypeName(int type) {
        return typeName(ATTACH_TYPE_STR, type);
    }

    static String linkTypeName(int type) {
        return typeName(LINK_TYPE_STR, type);
    }

    private static String typeName(MethodHandle mh, int type) {
        if (mh == null) return "type " + type;
        String s = callStr(mh, type);
        return s != null ? s : "type " + type;
    }

    // ------------------------------------------------------------------ print callback

    /** Collects libbpf messages printed on the current thread while open (nestable). */
    static final class LogCapture implements AutoCloseable {
        private static final ThreadLocal<LogCapture> CURRENT = new ThreadLocal<>();
        private final StringBuilder text = new StringBuilder();
        private final LogCapture outer;

        private LogCapture(LogCapture outer) {
            this.outer = outer;
        }

        static LogCapture begin() {
            installPrintCallback();
            LogCapture c = new LogCapture(CURRENT.get());
            CURRENT.set(c);
            return c;
        }

        String text() {
            return text.toString();
        }

        @Override
        public void close() {
            if (CURRENT.get() == this) {
                if (outer != null) outer.text.append(text);
                if (outer != null) CURRENT.set(outer);
                else CURRENT.remove();
            }
        }
    }

    private static final int LIBBPF_WARN = 0, LIBBPF_DEBUG = 2;
    private static final boolean DEBUG = Boolean.getBoolean("tinybpf.libbpf.debug");
    private static volatile boolean printInstalled;
    private static MemorySegment PRINT_STUB;
    private static final ThreadLocal<MemorySegment> PRINT_BUF =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(8192));

    /** Installs the print callback once (only where va_list is passed as a pointer: x86_64, aarch64). */
    static synchronized void installPrintCallback() {
        if (printInstalled || LIB == null) return;
        printInstalled = true;
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) return;
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(Libbpf.class, "onPrint",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            PRINT_STUB = Native.LINKER.upcallStub(target, fd(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            call(SET_PRINT, PRINT_STUB);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** libbpf_print_fn_t: int (*)(enum libbpf_print_level, const char *fmt, va_list ap). Never throws. */
    private static int onPrint(int level, MemorySegment fmt, MemorySegment ap) {
        try {
            if (level >= LIBBPF_DEBUG && !DEBUG) return 0;
            MemorySegment buf = PRINT_BUF.get();
            int n = (int) Native.VSNPRINTF.invokeExact(buf, buf.byteSize(), fmt, ap);
            if (n < 0) return 0;
            String msg = Native.bufferString(buf);
            LogCapture cap = LogCapture.CURRENT.get();
            if (cap != null) {
                cap.text.append(msg);
                if (!msg.endsWith("\n")) cap.text.append('\n');
            }
            if (cap == null && level == LIBBPF_WARN || DEBUG) {
                System.err.print(msg.endsWith("\n") ? msg : msg + "\n");
            }
            return n;
        } catch (Throwable t) {
            return 0;
        }
    }

    /**
     * The result of a poll/consume whose Java callbacks ran inside libbpf: a callback's failure
     * (kept, since it cannot unwind through native frames) is rethrown first; EINTR delivers nothing.
     */
    static int pollResult(String op, int r, Throwable callbackFailure, String what) {
        if (callbackFailure != null) {
            if (callbackFailure instanceof RuntimeException re) throw re;
            if (callbackFailure instanceof Error e) throw e;
            throw new IllegalStateException(what + " handler failed", callbackFailure);
        }
        if (r == -Errno.EINTR) return 0;
        if (r < 0) throw new KernelException(op, -r);
        return r;
    }
}
