package io.tinybpf.testing;

import io.tinybpf.kernel.Bpf;
import io.tinybpf.kernel.BpfFd;
import io.tinybpf.kernel.BpfLink;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.CgroupTest;
import io.tinybpf.kernel.Errno;
import io.tinybpf.kernel.Fixtures;
import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.PerfBufferReader;
import io.tinybpf.kernel.RingBufferReader;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/** The running kernel, through tinybpf's own loader ({@code io.tinybpf.kernel}); this JVM is the actor. */
final class HostKernel implements TestKernel {
    static final HostKernel INSTANCE = new HostKernel();

    private static final MethodHandle GETPPID, GETTID;

    static {
        Linker l = Linker.nativeLinker();
        GETPPID = l.downcallHandle(l.defaultLookup().findOrThrow("getppid"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        GETTID = l.downcallHandle(l.defaultLookup().findOrThrow("gettid"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    private Map<String, String> config;
    private Path temp;
    private BpfFd stats;

    @Override
    public String name() {
        return "host";
    }

    @Override
    public String release() {
        return new io.tinybpf.vm.KernelTarget.Host().release();
    }

    private synchronized Map<String, String> config() {
        if (config == null) {
            config = new HashMap<>();
            try {
                byte[] gz = Files.readAllBytes(Path.of("/proc/config.gz"));
                String text = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
                config = Kernels.parseConfig(text);
            } catch (IOException e) {
                Path boot = Path.of("/boot/config-" + release());
                try {
                    if (Files.exists(boot)) config = Kernels.parseConfig(Files.readString(boot));
                } catch (IOException ignored) {
                    // unknown
                }
            }
        }
        return config;
    }

    @Override
    public String config(String option) {
        return config().get(option);
    }

    @Override
    public boolean configKnown() {
        return !config().isEmpty();
    }

    @Override
    public Obj open(Path object) {
        Requires.kernel();
        return new HostObj(BpfObject.open(object));
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public io.tinybpf.vm.KernelTarget target() {
        Requires.kernel();
        return new io.tinybpf.vm.KernelTarget.Host();
    }

    @Override
    public String toString() {
        return "host";
    }

    private static Ids ids() {
        try {
            long tid = (int) GETTID.invokeExact();
            String comm = Files.readString(Path.of("/proc/thread-self/comm")).strip();
            return new Ids(tid, ProcessHandle.current().pid(), comm);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private final Actor actor = new Actor() {
        @Override
        public Ids self() {
            return ids();
        }

        @Override
        public Ids getppid(int times) {
            try {
                for (int i = 0; i < times; i++) {
                    int unused = (int) GETPPID.invokeExact();
                }
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            return ids();
        }

        @Override
        public Listener listen() {
            try {
                ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
                return new Listener() {
                    @Override
                    public int port() {
                        return port;
                    }

                    @Override
                    public void close() {
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    }
                };
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int connect(int port) {
            // an IPv4 socket: Java's default dual-stack socket would connect with AF_INET6
            try (SocketChannel c = SocketChannel.open(java.net.StandardProtocolFamily.INET)) {
                c.connect(new InetSocketAddress("127.0.0.1", port));
                return 0;
            } catch (java.net.ConnectException e) {
                return 111; // ECONNREFUSED
            } catch (IOException e) {
                return 5; // EIO
            }
        }

        @Override
        public synchronized String tempPath(String name) {
            try {
                if (temp == null) {
                    temp = Files.createTempDirectory("tinybpf-kernel-");
                    Path t = temp;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> io.tinybpf.util.AtomicFiles.deleteTree(t)));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return temp.resolve(name).toString();
        }

        @Override
        public void createFile(String path) {
            try {
                Files.writeString(Path.of(path), "x");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int unlink(String path) {
            try {
                Files.delete(Path.of(path));
                return 0;
            } catch (java.nio.file.NoSuchFileException e) {
                return Errno.ENOENT;
            } catch (IOException e) {
                return 5; // EIO
            }
        }

        @Override
        public int openFile(String path) {
            try (var in = Files.newInputStream(Path.of(path))) {
                return 0;
            } catch (java.nio.file.NoSuchFileException e) {
                return Errno.ENOENT;
            } catch (IOException e) {
                return Errno.EACCES;
            }
        }

        @Override
        public Proc runTrue() {
            return run(List.of("/bin/true"));
        }

        @Override
        public String probeBinary() {
            return Fixtures.helper().toString();
        }

        @Override
        public Proc probe(int n) {
            return run(List.of(probeBinary(), "probe", Integer.toString(n)));
        }

        private Proc run(List<String> cmd) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + cmd);
                }
                return new Proc(p.pid(), p.exitValue());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String newCgroup() {
            Path root = CgroupTest.cgroup2Root();
            if (root == null) return null;
            Path cg = root.resolve(Fixtures.uniqueName("tinybpf-ex-"));
            try {
                Files.createDirectory(cg);
            } catch (IOException e) {
                return null;
            }
            return cg.toString();
        }

        @Override
        public int connectFrom(String cgroup, int port) {
            try {
                return CgroupTest.connectFromCgroup(Path.of(cgroup), Fixtures.helper(), port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void removeCgroup(String cgroup) {
            try {
                CgroupTest.removeCgroup(Path.of(cgroup));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void enableStats() {
            if (stats == null) stats = Bpf.enableStats(); // on while the fd is open: for the rest of this JVM
        }
    };

    /** A host object: {@link BpfObject} underneath. */
    private static final class HostObj implements Obj {
        private final BpfObject o;

        HostObj(BpfObject o) {
            this.o = o;
        }

        @Override
        public String section(String program) {
            return o.program(program).section();
        }

        @Override
        public String typeName(String program) {
            return o.program(program).typeName();
        }

        @Override
        public String mapType(String map) {
            return o.map(map).typeName();
        }

        @Override
        public Obj setAutoload(String program, boolean on) {
            o.program(program).setAutoload(on);
            return this;
        }

        @Override
        public Obj setVariable(String name, byte[] value) {
            o.setVariable(name, value);
            return this;
        }

        @Override
        public LoadResult load() {
            return o.load();
        }

        @Override
        public TestRunResult testRun(String program, TestRun run) {
            return o.program(program).testRun(run);
        }

        @Override
        public void update(String map, byte[] key, byte[] value) {
            o.map(map).update(key, value);
        }

        @Override
        public void updateProgram(String map, byte[] key, String program) {
            o.map(map).update(key, LittleEndian.u32(o.program(program).fd()));
        }

        @Override
        public byte[] lookup(String map, byte[] key) {
            return o.map(map).lookup(key);
        }

        @Override
        public long sumPerCpuU64(String map, byte[] key) {
            return o.map(map).sumPerCpuU64(key);
        }

        @Override
        public AutoCloseable attach(String program, String... how) {
            var p = o.program(program);
            BpfLink l = switch (how[0]) {
                case "auto" -> p.attach();
                case "tracepoint" -> p.attachTracepoint(how[1], how[2]);
                case "raw_tracepoint" -> p.attachRawTracepoint(how[1]);
                case "kprobe" -> p.attachKprobe(how[1], how[2].equals("1"));
                case "uprobe" -> p.attachUprobe(Path.of(how[1]), how[2], how[3].equals("1"));
                case "cgroup" -> p.attachCgroup(Path.of(how[1]));
                default -> throw new IllegalArgumentException("attach " + how[0]);
            };
            return l;
        }

        @Override
        public Reader reader(String map, boolean perf) {
            List<byte[]> got = new CopyOnWriteArrayList<>();
            if (perf) {
                PerfBufferReader r = PerfBufferReader.open(o.map(map), 8, (cpu, data) -> got.add(data), null);
                return reader(got, ms -> r.poll(Duration.ofMillis(ms)), r);
            }
            RingBufferReader r = RingBufferReader.open(o.map(map), got::add);
            return reader(got, ms -> r.poll(Duration.ofMillis(ms)), r);
        }

        private static Reader reader(List<byte[]> got, java.util.function.IntConsumer poll, AutoCloseable underlying) {
            return new Reader() {
                @Override
                public List<byte[]> poll(int millis) {
                    poll.accept(millis);
                    List<byte[]> out = new ArrayList<>(got);
                    got.clear();
                    return out;
                }

                @Override
                public void close() {
                    try {
                        underlying.close();
                    } catch (Exception ignored) {
                        // closing
                    }
                }
            };
        }

        @Override
        public long runCount(String program) {
            return o.program(program).info().runCount();
        }

        @Override
        public void close() {
            o.close();
        }
    }
}
