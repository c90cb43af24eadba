package io.tinybpf.vm;

import io.tinybpf.kernel.KernelVerifier.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code tinybpf verify --kernel --vm host,6.1,6.12}: every program of an object through every
 * listed kernel's verifier. Kernels are resolved before anything boots (a missing image is an
 * error up front), VMs boot in parallel (one per core), each kernel boots once for all programs,
 * and a kernel that fails (boot, timeout) becomes a column with its error while the others still
 * report. Every VM is stopped before {@link #verify} returns.
 */
public final class KernelMatrix {
    private KernelMatrix() {}

    /** One kernel's results: the verdicts, or why there are none. */
    public record Column(String name, String describe, Map<String, Verdict> verdicts, String error) {
        public boolean ok() {
            return error == null && verdicts.values().stream().allMatch(Verdict::accepted);
        }
    }

    /** "host,6.1,6.12" → names, without duplicates. */
    public static List<String> parse(String spec) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(List.of(spec.split(","))).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList());
        if (out.isEmpty()) throw new VmException("--vm needs kernels: host, 6.1, 6.12 or bzImage paths, comma-separated");
        return out;
    }

    /**
     * Verifies {@code programs} of {@code object} on every kernel of {@code names}.
     *
     * @throws VmException before booting anything when a kernel cannot be found
     */
    public static List<Column> verify(Path object, List<String> programs, List<String> names, Vm.Options options,
                                      Map<String, String> env) {
        List<VmKernel> kernels = new ArrayList<>();
        for (String n : names) kernels.add(n.equals(KernelTarget.Host.NAME) ? null : VmKernel.resolve(n, env));
        if (kernels.stream().anyMatch(k -> k != null)) {
            Vm.agent(env); // fail before booting anything when the agent or QEMU is missing
            Vm.qemu(env);
        }
        int parallel = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), names.size()));
        List<Column> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel, Thread.ofPlatform().daemon().name("tinybpf-vm-", 0).factory())) {
            List<Future<Column>> jobs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                VmKernel k = kernels.get(i);
                jobs.add(pool.submit(io.tinybpf.util.Env.carry(() -> column(name, k, object, programs, options, env))));
            }
            for (int i = 0; i < jobs.size(); i++) {
                try {
                    out.add(jobs.get(i).get());
                } catch (ExecutionException e) {
                    out.add(new Column(names.get(i), names.get(i), Map.of(), String.valueOf(e.getCause().getMessage())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VmException("interrupted");
                }
            }
        }
        return out;
    }

    private static Column column(String name, VmKernel k, Path object, List<String> programs, Vm.Options options,
                                 Map<String, String> env) {
        if (k == null) {
            KernelTarget.Host h = new KernelTarget.Host();
            try {
                return new Column(name, h.describe(), h.verify(object, programs), null);
            } catch (RuntimeException | LinkageError e) {
                return new Column(name, h.describe(), Map.of(), "cannot load programs into this kernel: " + e.getMessage());
            }
        }
        Vm vm;
        try {
            vm = Vm.boot(k, options, env);
        } catch (VmException e) {
            return new Column(name, k.describe(), Map.of(), e.getMessage());
        }
        try (KernelTarget.Guest g = new KernelTarget.Guest(vm)) {
            return new Column(name, g.describe(), g.verify(object, programs), null);
        } catch (VmException e) {
            return new Column(name, k.describe(), Map.of(), e.getMessage());
        }
    }
}
