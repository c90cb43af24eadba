package io.tinybpf.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.kernel.CgroupTest;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.GoTool;
import io.tinybpf.testing.Requires;
import io.tinybpf.util.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example object loaded by cilium/ebpf (pinned in src/test/go/ciliumcompat/go.mod) through
 * LoadCollectionSpec and NewCollection, each program attached (tracepoint, raw tracepoint, uprobe,
 * cgroup) or test-run (XDP, tc, socket filter, syscall), and example effects checked with
 * cilium/ebpf's maps, ring-buffer and perf readers, Variables and prog arrays. The Go program
 * reports; the expectations are here, probed on this kernel with tinybpf's own loader: a program
 * type the kernel refuses (the verdict's errno, e.g. EPERM for fentry/LSM on a sandboxed kernel)
 * must be refused by cilium/ebpf with the same errno (the Go program then loads the rest of the
 * object without those programs), and a kprobe attach fails with the errno tinybpf's attach got,
 * or succeeds where tinybpf's does.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class CiliumCompatTest {
    /** The errno this kernel refuses some program of {@code obj} with (via tinybpf's loader), or null. */
    static String refusal(Path obj) throws Exception {
        List<String> programs = io.tinybpf.elf.ObjectSummary.summarize(io.tinybpf.elf.ElfFile.read(obj)).programs().stream()
                .map(io.tinybpf.elf.ObjectSummary.Program::name).toList();
        for (var v : KernelVerifier.verify(obj, programs).values()) if (v.refusal() != null) return v.refusal().split(":")[0];
        return null;
    }

    /** The errno of attaching kprobe-unlink's kprobe with tinybpf's loader ("" when it attaches). */
    static String kprobeAttach(Path obj) {
        try (BpfObject o = BpfObject.open(obj)) {
            o.load();
            o.program("unlink_enter").attachKprobe("do_unlinkat", false).close();
            return "";
        } catch (KernelException e) {
            return e.errnoName();
        }
    }
    /** Examples whose effect the Go program checks. */
    static final Set<String> CHECKED = Set.of("tracepoint-connect", "rawtp-exec", "perf-event", "percpu-counter", "uprobe-count",
            "rodata-config", "xdp-blocklist", "tc-port-drop", "tail-calls", "cgroup-connect4", "kfunc-task", "loop-hash");

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void everyExampleLoadsAndRunsWithCiliumEbpf() throws Exception {
        Examples.requireToolchain();
        GoTool.go();
        Requires.tracefs();
        Path cgroupRoot = CgroupTest.cgroup2Root();
        Requires.that(cgroupRoot != null, "cgroup v2 mounted at /sys/fs/cgroup/unified or /sys/fs/cgroup");

        List<String> args = new ArrayList<>();
        Path bin = tmp.resolve("ciliumcompat");
        args.add(bin.toString());
        args.add("-cgroup");
        args.add(cgroupRoot.toString());
        for (String name : Examples.names()) args.add(Examples.build(name).object().toString());

        long t0 = System.nanoTime();
        GoTool.ok(Requires.repo().resolve("src/test/go/ciliumcompat"), "build", "-buildvcs=false", "-o", bin.toString(), ".");
        long built = System.nanoTime();
        GoTool.Result r = GoTool.exec(tmp, Map.of(), Duration.ofMinutes(2), args);
        assertEquals(0, r.exit(), r.output());

        Map<String, Map<String, Object>> results = new TreeMap<>();
        for (String line : r.output().split("\n")) {
            if (!line.startsWith("{")) continue;
            Map<String, Object> m = (Map<String, Object>) Json.parse(line);
            results.put((String) m.get("object"), m);
        }
        assertEquals(Set.copyOf(Examples.names()), results.keySet(), "one report per example:\n" + r.output());

        StringBuilder report = new StringBuilder("cilium/ebpf " + GoTool.CILIUM_EBPF + " compatibility (build "
                + (built - t0) / 1_000_000 + " ms, run " + (System.nanoTime() - built) / 1_000_000 + " ms):\n");
        List<String> problems = new ArrayList<>();
        String kprobeErrno = kprobeAttach(Examples.build("kprobe-unlink").object());
        for (var e : results.entrySet()) {
            String name = e.getKey();
            Map<String, Object> m = e.getValue();
            List<Map<String, Object>> progs = m.get("programs") == null ? List.of() : (List<Map<String, Object>>) m.get("programs");
            List<Map<String, Object>> checks = m.get("checks") == null ? List.of() : (List<Map<String, Object>>) m.get("checks");
            StringBuilder line = new StringBuilder(String.format("  %-20s", name));
            if (!"".equals(m.get("spec"))) problems.add(name + ": LoadCollectionSpec: " + m.get("spec"));
            String load = (String) m.get("load");
            String refused = refusal(Examples.build(name).object());
            if (refused != null) {
                line.append("load refused: ").append(load).append(" (as by tinybpf: ").append(refused).append(") ");
                if (!refused.equals(load)) problems.add(name + ": tinybpf's load is refused with " + refused + ", cilium/ebpf's with '" + load + "' " + m.get("load_error"));
                if (name.equals("kfunc-task") && !"ok".equals(m.get("partial"))) problems.add(name + ": without the refused program: " + m.get("partial"));
            } else {
                line.append("load ok ");
                if (!"".equals(load)) problems.add(name + ": load failed: " + load + " " + m.get("load_error"));
            }
            for (Map<String, Object> p : progs) {
                String errno = (String) p.get("errno");
                String action = (String) p.get("action");
                line.append("| ").append(p.get("name")).append(' ').append(action).append(' ')
                        .append(errno.isEmpty() ? "ok" : errno).append(action.equals("test_run") ? " ret=" + p.get("retval") : "").append(' ');
                boolean kprobe = action.equals("kprobe") || action.equals("kretprobe");
                if (kprobe && !errno.equals(kprobeErrno)) {
                    problems.add(name + "/" + p.get("name") + ": kprobe attach gave '" + errno + "', tinybpf's '" + kprobeErrno + "'");
                }
                if (!kprobe && !errno.isEmpty()) problems.add(name + "/" + p.get("name") + " " + action + ": " + errno + " " + p.get("error"));
                if (action.equals("none")) problems.add(name + "/" + p.get("name") + ": program type " + p.get("type") + " not exercised");
            }
            if (name.equals("kprobe-unlink")) assertEquals(2, progs.size(), "both kprobes were tried");
            for (Map<String, Object> c : checks) {
                line.append("| ").append(c.get("name")).append(Boolean.TRUE.equals(c.get("ok")) ? " ✓ " : " ✗ ");
                if (!Boolean.TRUE.equals(c.get("ok"))) problems.add(name + ": check '" + c.get("name") + "' failed: " + c.get("detail"));
            }
            if (CHECKED.contains(name) && checks.isEmpty()) problems.add(name + ": no effect was checked");
            for (Object t : (List<Object>) m.get("types")) {
                if (String.valueOf(t).endsWith(":UnspecifiedProgram")) problems.add(name + ": cilium/ebpf does not know the section of " + t);
            }
            report.append(line.toString().stripTrailing()).append('\n');
        }
        System.err.print(report);
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\n" + report);
        assertFalse(results.get("rodata-config").get("variables").toString().isEmpty());
        assertEquals(List.of("multiplier", "offset"), results.get("rodata-config").get("variables"), "loader constants are Variables");
    }
}
