package io.tinybpf.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.kernel.Errno;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.vm.Vm;
import io.tinybpf.vm.VmException;
import io.tinybpf.vm.VmKernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The kernel matrix of the behaviour tests: the host, plus one VM per kernel named by the system
 * property {@code tinybpf.test.kernels} (default {@code 6.1,6.12}, the kernels scripts/setup
 * installs; empty for the host alone, the quick loop).
 *
 * <p>Capabilities are probed, not assumed: a test tries what it needs and hands a failure to
 * {@link #skipUnlessSupported}, which tells "this kernel cannot" (skip, with the reason) from
 * "tinybpf produced something wrong" (rethrown). Under {@code CI=true} a kernel that should have
 * the feature by its version and configuration fails instead of skipping (cilium/ebpf's rule),
 * and {@link Coverage} fails a test class whose behaviour no kernel of the matrix could run.
 */
public final class Kernels {
    private Kernels() {}

    public static final String PROPERTY = "tinybpf.test.kernels";
    private static List<TestKernel> all;

    /** Every kernel of the matrix, host first (for {@code @MethodSource}). */
    public static synchronized List<TestKernel> all() {
        if (all != null) return all;
        List<TestKernel> out = new ArrayList<>(List.of(HostKernel.INSTANCE));
        String spec = System.getProperty(PROPERTY, "6.1,6.12").strip();
        if (!spec.isEmpty() && !spec.equals("none")) {
            for (String n : spec.split(",")) {
                n = n.strip();
                if (n.isEmpty()) continue;
                String why = null;
                VmKernel k = null;
                try {
                    k = VmKernel.resolve(n, System.getenv());
                    Vm.agent(System.getenv());
                } catch (VmException e) {
                    why = e.getMessage();
                }
                if (why != null) {
                    if (Requires.inCi()) fail("kernel " + n + " of the test matrix is not available: " + why);
                    System.err.println("SKIP: kernel " + n + " of the test matrix: " + why);
                    continue;
                }
                GuestKernel g = new GuestKernel(n, k);
                g.bootInBackground();
                out.add(g);
            }
        }
        all = List.copyOf(out);
        return all;
    }

    static Map<String, String> parseConfig(String text) {
        Map<String, String> m = new HashMap<>();
        for (String l : text.split("\n")) {
            int eq = l.indexOf('=');
            if (l.startsWith("CONFIG_") && eq > 0) m.put(l.substring(0, eq), l.substring(eq + 1).replace("\"", ""));
        }
        return m;
    }

    /** What a test may find missing, with the first kernel version that has it and the config it needs. */
    public enum Feature {
        FENTRY("fentry/fexit (BPF trampolines)", "5.5", "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS"),
        LSM("BPF LSM programs", "5.7", "CONFIG_BPF_LSM"),
        KPROBE("kprobes", "4.1", "CONFIG_KPROBES"),
        KFUNC_TASK_FROM_PID("the bpf_task_from_pid kfunc", "6.2", null);

        final String what, since, config;

        Feature(String what, String since, String config) {
            this.what = what;
            this.since = since;
            this.config = config;
        }
    }

    /** Loads, skipping (with the reason) when {@code k} cannot load what {@code features} name. */
    public static LoadResult load(TestKernel k, TestKernel.Obj obj, Feature... features) {
        try {
            return obj.load();
        } catch (KernelException e) {
            skipUnlessSupported(k, e, features);
            throw e;
        }
    }

    /** Attaches, skipping (with the reason) when {@code k} cannot attach what {@code feature} names. */
    public static AutoCloseable attach(TestKernel k, TestKernel.Obj obj, Feature feature, String program, String... how) {
        try {
            return obj.attach(program, how);
        } catch (KernelException e) {
            skipUnlessSupported(k, e, feature);
            throw e;
        }
    }

    /**
     * Returns normally when {@code e} is not about a missing capability (the caller rethrows it: a
     * real failure); otherwise skips the test with the reason, or fails it under CI=true when the
     * kernel's version and configuration say it should have had the capability. A refusal with
     * EPERM and no verifier log, by a root process, is a policy of that kernel (a sandbox, lockdown),
     * not a missing feature: it skips, and {@link Coverage} still wants another kernel to run the test.
     */
    public static void skipUnlessSupported(TestKernel k, KernelException e, Feature... features) {
        String libbpf = e.libbpfLog() == null ? "" : e.libbpfLog();
        boolean noLog = e.verifierLog() == null || e.verifierLog().isBlank();
        for (Feature f : features) {
            String why = null;
            boolean policy = false;
            if (f == Feature.KFUNC_TASK_FROM_PID && libbpf.contains("'bpf_task_from_pid': not found in kernel")) {
                why = "the kernel has no bpf_task_from_pid kfunc";
            } else if (f != Feature.KFUNC_TASK_FROM_PID && e.isProgramLoad() && noLog && e.errno() == Errno.EPERM) {
                why = "the kernel refuses " + f.what + " with EPERM and no verifier log (a policy of this kernel)";
                policy = true;
            } else if (f != Feature.KFUNC_TASK_FROM_PID && e.isProgramLoad() && noLog && e.errno() == Errno.EINVAL) {
                why = "the kernel does not know the program type (EINVAL, no verifier log)";
            } else if (f == Feature.KPROBE && !e.isProgramLoad()
                    && (e.errno() == Errno.ENOENT || e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.ENOTSUPP)) {
                why = "kprobe attach failed with " + e.errnoName();
            }
            if (why == null) continue;
            String reason = "kernel " + k.name() + " (" + k.release() + "): " + why;
            if (!policy && shouldHave(k, f)) {
                if (Requires.inCi()) fail(reason + ", but Linux " + f.since + "+" + (f.config != null ? " with " + f.config : "")
                        + " has " + f.what + " (CI=true)", e);
                reason += " although its version and configuration suggest it should";
            } else if (f.config != null && k.configKnown() && !"y".equals(k.config(f.config))) {
                reason += " (" + f.config + " is not set)";
            }
            System.err.println("SKIP: " + reason);
            Assumptions.abort(reason);
        }
    }

    private static boolean shouldHave(TestKernel k, Feature f) {
        if (compareRelease(k.release(), f.since) < 0) return false;
        return f.config == null || !k.configKnown() || "y".equals(k.config(f.config));
    }

    /** Compares a release's leading numbers with a version: "6.1.0-47-amd64" is below "6.2". */
    static int compareRelease(String release, String version) {
        String[] a = release.split("[^0-9]+", 4), b = version.split("\\.");
        for (int i = 0; i < Math.min(2, b.length); i++) {
            int x = i < a.length && !a[i].isEmpty() ? Integer.parseInt(a[i]) : 0, y = Integer.parseInt(b[i]);
            if (x != y) return Integer.compare(x, y);
        }
        return 0;
    }

    /**
     * Register on a class of matrix tests ({@code @ExtendWith(Kernels.Coverage.class)}): after the
     * class, every test method must have passed on at least one kernel; under CI=true one that no
     * kernel could run fails the class, elsewhere it is reported.
     */
    public static final class Coverage implements TestWatcher, AfterAllCallback {
        private static final Map<String, Map<String, Set<String>>> PASSED = new ConcurrentHashMap<>();
        private static final Map<String, Map<String, List<String>>> SKIPPED = new ConcurrentHashMap<>();

        @Override
        public void testSuccessful(ExtensionContext c) {
            PASSED.computeIfAbsent(c.getRequiredTestClass().getName(), x -> new ConcurrentHashMap<>())
                    .computeIfAbsent(c.getRequiredTestMethod().getName(), x -> ConcurrentHashMap.newKeySet()).add(c.getDisplayName());
        }

        @Override
        public void testAborted(ExtensionContext c, Throwable cause) {
            SKIPPED.computeIfAbsent(c.getRequiredTestClass().getName(), x -> new ConcurrentHashMap<>())
                    .computeIfAbsent(c.getRequiredTestMethod().getName(), x -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(c.getDisplayName() + ": " + cause.getMessage());
        }

        @Override
        public void afterAll(ExtensionContext c) {
            String cls = c.getRequiredTestClass().getName();
            Map<String, Set<String>> passed = PASSED.getOrDefault(cls, Map.of());
            Map<String, List<String>> skipped = SKIPPED.getOrDefault(cls, Map.of());
            Map<String, List<String>> uncovered = new LinkedHashMap<>();
            for (String m : new TreeSet<>(skipped.keySet())) if (passed.getOrDefault(m, Set.of()).isEmpty()) uncovered.put(m, skipped.get(m));
            if (uncovered.isEmpty()) return;
            StringBuilder sb = new StringBuilder("behaviour no kernel of the matrix " + all().stream().map(TestKernel::name).toList()
                    + " could run:");
            uncovered.forEach((m, why) -> sb.append("\n  ").append(m).append(": ").append(String.join("; ", why)));
            if (Requires.inCi()) fail(sb + "\n(CI=true: every behaviour must be proven on at least one kernel)");
            System.err.println("WARNING: " + sb);
        }
    }
}
