package io.tinybpf.testing;

import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import io.tinybpf.vm.GuestObject;
import io.tinybpf.vm.Vm;
import io.tinybpf.vm.VmKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A kernel in a VM, booted once per test JVM and shared by every test (the agent serves one
 * request at a time, so concurrent tests interleave safely); the agent, PID 1 of the guest, is the
 * actor. A guest that went away (idle power-off, a crash) is booted again on next use.
 */
final class GuestKernel implements TestKernel {
    private final String name;
    private final VmKernel kernel;
    private Vm vm;
    private io.tinybpf.vm.VmException bootFailure;
    private Map<String, String> config;

    GuestKernel(String name, VmKernel kernel) {
        this.name = name;
        this.kernel = kernel;
    }

    /** Starts booting now, in the background: the first test using this kernel then waits less. */
    void bootInBackground() {
        Thread t = new Thread(() -> {
            try {
                vm();
            } catch (RuntimeException e) {
                // the first test to use the kernel reports it
            }
        }, "tinybpf-test-boot-" + name);
        t.setDaemon(true);
        t.start();
    }

    synchronized Vm vm() {
        // a kernel that failed to boot once fails every later test at once instead of booting again
        if (bootFailure != null) throw new io.tinybpf.vm.VmException("kernel " + name + " did not boot earlier: " + bootFailure.getMessage());
        if (vm == null || !vm.isAlive()) {
            Vm.Options o = Vm.Options.defaults().withBootTimeout(java.time.Duration.ofMinutes(4))
                    .withCallTimeout(java.time.Duration.ofMinutes(2)).withIdle(java.time.Duration.ofMinutes(30))
                    .withProgress(line -> System.err.println("[vm] " + line));
            try {
                vm = Vm.boot(kernel, o);
            } catch (io.tinybpf.vm.VmException e) {
                bootFailure = e;
                throw e;
            }
        }
        return vm;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String release() {
        return kernel.release();
    }

    private synchronized Map<String, String> configMap() {
        if (config == null) {
            config = Map.of();
            Path c = kernel.image().resolveSibling("config-" + kernel.release());
            try {
                if (Files.isRegularFile(c)) config = Kernels.parseConfig(Files.readString(c));
            } catch (IOException ignored) {
                // unknown
            }
        }
        return config;
    }

    @Override
    public String config(String option) {
        return configMap().get(option);
    }

    @Override
    public boolean configKnown() {
        return !configMap().isEmpty();
    }

    @Override
    public Obj open(Path object) {
        return new GuestObj(GuestObject.open(vm(), object));
    }

    @Override
    public Actor actor() {
        return actor;
    }

    /** Shares this kernel's VM: do not close it. */
    @Override
    public io.tinybpf.vm.KernelTarget target() {
        return new io.tinybpf.vm.KernelTarget.Guest(vm());
    }

    @Override
    public String toString() {
        return name;
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static int num(Map<String, Object> m, String k) {
        return ((Long) m.get(k)).intValue();
    }

    private static Ids ids(Map<String, Object> m) {
        return new Ids((Long) m.get("pid"), (Long) m.get("tgid"), (String) m.get("comm"));
    }

    private final Actor actor = new Actor() {
        @Override
        public Ids self() {
            return ids(vm().call("self", "0"));
        }

        @Override
        public Ids getppid(int times) {
            return ids(vm().call("self", Integer.toString(times)));
        }

        @Override
        public Listener listen() {
            Map<String, Object> r = vm().call("listen");
            int sock = num(r, "socket");
            int port = num(r, "port");
            return new Listener() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() {
                    vm().call("unlisten", Integer.toString(sock));
                }
            };
        }

        @Override
        public int connect(int port) {
            return num(vm().call("connect", Integer.toString(port)), "errno");
        }

        @Override
        public String tempPath(String n) {
            return "/tmp/" + n;
        }

        @Override
        public void createFile(String path) {
            vm().call("put", path, hex("x"));
        }

        @Override
        public int unlink(String path) {
            return num(vm().call("unlink", path), "errno");
        }

        @Override
        public int openFile(String path) {
            return num(vm().call("openfile", path), "errno");
        }

        @Override
        public Proc runTrue() {
            return exec("-", "/bin/true");
        }

        @Override
        public String probeBinary() {
            return "/init";
        }

        @Override
        public Proc probe(int n) {
            return exec("-", "/init", "probe", Integer.toString(n));
        }

        private Proc exec(String cgroup, String... argv) {
            List<String> t = new ArrayList<>(List.of("exec", cgroup));
            t.addAll(List.of(argv));
            Map<String, Object> r = vm().call(t.toArray(String[]::new));
            return new Proc((Long) r.get("pid"), num(r, "status"));
        }

        @Override
        public String newCgroup() {
            String cg = "/sys/fs/cgroup/tinybpf-" + UUID.randomUUID().toString().substring(0, 8);
            return num(vm().call("mkdir", cg), "errno") == 0 ? cg : null;
        }

        @Override
        public int connectFrom(String cgroup, int port) {
            return exec(cgroup, "/init", "connect", Integer.toString(port)).status();
        }

        @Override
        public void removeCgroup(String cgroup) {
            vm().call("rmdir", cgroup);
        }

        @Override
        public void enableStats() {
            vm().call("write", "/proc/sys/kernel/bpf_stats_enabled", hex("1"));
        }
    };

    /** A guest object: {@link GuestObject} underneath. */
    private static final class GuestObj implements Obj {
        private final GuestObject o;

        GuestObj(GuestObject o) {
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
            o.setAutoload(program, on);
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
            return o.testRun(program, run);
        }

        @Override
        public void update(String map, byte[] key, byte[] value) {
            if (o.map(map).isPerCpu()) o.updatePerCpu(map, key, value);
            else o.update(map, key, value);
        }

        @Override
        public void updateProgram(String map, byte[] key, String program) {
            o.updateProgram(map, key, program);
        }

        @Override
        public byte[] lookup(String map, byte[] key) {
            return o.lookup(map, key);
        }

        @Override
        public long sumPerCpuU64(String map, byte[] key) {
            return o.sumPerCpuU64(map, key);
        }

        @Override
        public AutoCloseable attach(String program, String... how) {
            String[] args = how;
            if (how[0].equals("uprobe")) args = new String[] {"uprobe", how[1], how[2], how[3], "-1"};
            int link = o.attach(program, args);
            return () -> o.detach(link);
        }

        @Override
        public Reader reader(String map, boolean perf) {
            int r = o.reader(map, perf);
            return new Reader() {
                @Override
                public List<byte[]> poll(int millis) {
                    return o.poll(r, millis).stream().map(GuestObject.Record::data).toList();
                }

                @Override
                public void close() {
                    o.closeReader(r);
                }
            };
        }

        @Override
        public long runCount(String program) {
            return o.info(program).runCount();
        }

        @Override
        public void close() {
            o.close();
        }
    }
}
