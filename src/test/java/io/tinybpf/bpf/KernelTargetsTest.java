package io.tinybpf.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attach targets against a kernel laid out in a directory: tracefs events, BTF strings, kallsyms. */
class KernelTargetsTest {
    private static KernelTargets kernel(Path dir) throws Exception {
        Path tracefs = dir.resolve("tracing");
        Files.createDirectories(tracefs.resolve("events/syscalls/sys_enter_execve"));
        Files.createDirectories(tracefs.resolve("events/syscalls/sys_enter_openat"));
        Files.createDirectories(tracefs.resolve("events/sched/sched_process_exec"));
        Path btf = Files.createDirectories(dir.resolve("btf"));
        // BTF string sections are NUL-separated; the type data around them does not matter here
        Files.write(btf.resolve("vmlinux"), "\0\1\2\0btf_trace_sched_switch\0btf_trace_sched_process_exec\0bpf_lsm_file_open\0do_unlinkat\0bpf_iter_task\0"
                .getBytes(StandardCharsets.UTF_8));
        Files.write(btf.resolve("nf_conntrack"), "\0nf_conntrack_in\0".getBytes(StandardCharsets.UTF_8));
        Path ks = Files.writeString(dir.resolve("kallsyms"), "ffffffff81000000 T do_unlinkat\nffffffff81000100 t helper [mod]\nffffffff81000200 t tabbed\t[mod2]\n");
        return new KernelTargets(tracefs, btf, ks);
    }

    private static String missing(KernelTargets k, String section) {
        return k.check(section).map(KernelTargets.Missing::message).orElse("present");
    }

    @Test
    void tracepointsAreLookedUpInTracefsWithASuggestion(@TempDir Path dir) throws Exception {
        KernelTargets k = kernel(dir);
        assertEquals("present", missing(k, "tracepoint/syscalls/sys_enter_execve"));
        assertEquals("present", missing(k, "tp/sched/sched_process_exec"));
        assertEquals("this kernel has no tracepoint syscalls/sys_enter_execv (did you mean syscalls/sys_enter_execve?)",
                missing(k, "tracepoint/syscalls/sys_enter_execv"));
        assertEquals("this kernel has no tracepoint category sycalls (did you mean syscalls/sys_enter_execve?)",
                missing(k, "tracepoint/sycalls/sys_enter_execve"));
    }

    @Test
    void btfTargetsNeedTheirNameInSomeKernelBtf(@TempDir Path dir) throws Exception {
        KernelTargets k = kernel(dir);
        assertEquals("present", missing(k, "raw_tp/sched_switch"));
        assertEquals("present", missing(k, "tp_btf/sched_process_exec"));
        assertEquals("present", missing(k, "fentry/do_unlinkat"));
        assertEquals("present", missing(k, "fexit/nf_conntrack_in"), "module BTF counts");
        assertEquals("present", missing(k, "lsm/file_open"));
        assertEquals("present", missing(k, "iter/task"));
        assertEquals("this kernel has no raw tracepoint sched_swich in its BTF (did you mean sched_switch?)", missing(k, "raw_tp/sched_swich"));
        assertEquals("this kernel has no LSM hook file_opn in its BTF (did you mean file_open?)", missing(k, "lsm/file_opn"));
        assertEquals("this kernel has no kernel function do_unlink in its BTF", missing(k, "fentry/do_unlink"),
                "a substring of a present name is not a match");
    }

    @Test
    void kprobesNeedTheSymbolInKallsyms(@TempDir Path dir) throws Exception {
        KernelTargets k = kernel(dir);
        assertEquals("present", missing(k, "kprobe/do_unlinkat"));
        assertEquals("present", missing(k, "kretprobe/helper"));
        assertEquals("present", missing(k, "kprobe/do_unlinkat+0x10"));
        assertEquals("this kernel has no function do_unlinkatx to probe in /proc/kallsyms", missing(k, "kprobe/do_unlinkatx"));
        assertEquals("present", missing(k, "kprobe.multi/do_*"), "patterns are not checked");
        assertEquals("present", missing(k, "kprobe/tabbed"), "a module symbol, tab before its module");
        assertEquals("this kernel has no function do_unlink to probe in /proc/kallsyms", missing(k, "kprobe/do_unlink"), "a prefix is not a match");
        assertEquals("this kernel has no function T to probe in /proc/kallsyms", missing(k, "kprobe/T"), "the type letter is not a symbol");
        assertEquals("this kernel has no function mod2 to probe in /proc/kallsyms", missing(k, "kprobe/mod2"), "a module name is not a symbol");
    }

    @Test
    void whatCannotBeReadIsNotChecked(@TempDir Path dir) {
        KernelTargets none = new KernelTargets(null, null, null);
        assertEquals(Optional.empty(), none.check("tracepoint/syscalls/nope"));
        assertEquals(Optional.empty(), none.check("fentry/nope"));
        assertEquals(Optional.empty(), none.check("kprobe/nope"));
        assertEquals(Optional.empty(), new KernelTargets(dir.resolve("absent"), dir.resolve("absent"), dir.resolve("absent"))
                .check("tracepoint/a/b"));
        assertEquals(Optional.empty(), none.check("xdp"), "no target");
        assertTrue(none.check("not-a-section/x").isEmpty());
    }
}
