package io.tinybpf.testing;

import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import java.nio.file.Path;
import java.util.List;

/**
 * A kernel a behaviour test runs on: the host (through tinybpf's own FFM loader) or a VM (through
 * the guest agent). A test written against this interface runs unchanged on every kernel of the
 * matrix ({@link Kernels#all()}); what differs is who makes things happen ({@link Actor}: this JVM
 * on the host, the agent in a guest) and what the kernel supports ({@link Kernels#skipUnlessSupported}).
 */
public interface TestKernel {
    /** "host", "6.1", "6.12". */
    String name();

    /** uname -r. */
    String release();

    /** The kernel's build configuration value ("y", "m", or null when unset or unknown). */
    String config(String option);

    /** True when the kernel's configuration is known (a /proc/config.gz or a config file beside the image). */
    boolean configKnown();

    /** Opens (does not load) a BPF object. */
    Obj open(Path object);

    /** Whoever makes events happen on this kernel. */
    Actor actor();

    /** The same kernel as the product sees it ({@code verify --kernel --vm}); closing it is the caller's to skip. */
    io.tinybpf.vm.KernelTarget target();

    /** Who did something: the thread (pid), process (tgid) and its comm, as BPF helpers see them. */
    record Ids(long pid, long tgid, String comm) {}

    /** A finished process. */
    record Proc(long pid, int status) {}

    /** An object opened on this kernel. */
    interface Obj extends AutoCloseable {
        String section(String program);

        String typeName(String program);

        String mapType(String map);

        Obj setAutoload(String program, boolean on);

        Obj setVariable(String name, byte[] value);

        /** Loads; throws {@link io.tinybpf.kernel.KernelException} as {@code BpfObject.load()} does. */
        LoadResult load();

        TestRunResult testRun(String program, TestRun run);

        void update(String map, byte[] key, byte[] value);

        /** Stores a program's fd in a program array. */
        void updateProgram(String map, byte[] key, String program);

        byte[] lookup(String map, byte[] key);

        long sumPerCpuU64(String map, byte[] key);

        /** Attaches; {@code how} as {@code GuestObject.attach}: "auto", "tracepoint" cat name, "raw_tracepoint" name,
         * "kprobe" function 0|1, "uprobe" binary function 0|1, "cgroup" dir. */
        AutoCloseable attach(String program, String... how);

        /** A ring-buffer (perf false) or perf-event-array reader. */
        Reader reader(String map, boolean perf);

        /** How often the program ran (needs {@link Actor#enableStats()}). */
        long runCount(String program);

        @Override
        void close();
    }

    /** Records from a ring buffer or perf event array. */
    interface Reader extends AutoCloseable {
        /** Records that arrived within {@code millis} (waits for the first). */
        List<byte[]> poll(int millis);

        @Override
        void close();
    }

    /** A listening TCP socket on 127.0.0.1. */
    interface Listener extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    /** What the kernel's programs observe being done. */
    interface Actor {
        /** The ids of whoever calls {@link #getppid}, {@link #connect}, {@link #unlink}, {@link #openFile}. */
        Ids self();

        /** Calls getppid() {@code times} times; returns the caller's ids. */
        Ids getppid(int times);

        Listener listen();

        /** connect() to 127.0.0.1:port: 0 or the errno. */
        int connect(int port);

        /** A path in a writable temporary directory of this kernel's file system. */
        String tempPath(String name);

        void createFile(String path);

        /** unlink(path): 0 or the errno. */
        int unlink(String path);

        /** open(path) and close: 0 or the errno. */
        int openFile(String path);

        /** Runs /bin/true; its comm is "true". */
        Proc runTrue();

        /** The binary with {@code tinybpf_probe_me} and its path, for uprobes. */
        String probeBinary();

        /** Runs the probe binary, which calls tinybpf_probe_me(i) for i below n. */
        Proc probe(int n);

        /** A new cgroup v2 directory, or null when cgroup v2 is not available. */
        String newCgroup();

        /** connect() from a process inside {@code cgroup}: 0 or the errno (99: could not join). */
        int connectFrom(String cgroup, int port);

        void removeCgroup(String cgroup);

        /** Turns on kernel.bpf_stats_enabled (run counts). */
        void enableStats();
    }
}
