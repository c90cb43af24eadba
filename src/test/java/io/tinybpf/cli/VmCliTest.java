package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import io.tinybpf.vm.VmKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --kernel --vm} and {@code test --vm} from the command line: the table of verdicts
 * per kernel (a program 6.12 accepts and 6.1 rejects, at its Go line), the JSON form, a test run
 * inside a VM, and kernels that cannot be found (an error before anything boots).
 */
@Tag("vm")
@Tag("tinygo")
@Tag("llvm")
class VmCliTest {
    @BeforeEach
    void kernels() {
        for (String k : List.of("6.1", "6.12")) {
            Requires.that(VmKernel.installed(System.getenv()).stream().anyMatch(x -> x.name().equals(k)),
                    "kernel " + k + " for VMs (scripts/setup kernels)");
        }
    }

    static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().equals(text)) return i + 1;
        throw new AssertionError(text + " is not in " + file);
    }

    @Test
    void aKfuncThatSixOneLacksIsRejectedThereAtTheGoLineOfTheCall() throws Exception {
        Path obj = Examples.build("kfunc-task").object();
        int line = lineOf(Examples.examplesDir().resolve("kfunc-task/task.go"), "task := bpfKfuncBpfTaskFromPid(ctx.Pid)");
        CliRunner r = CliRunner.run("verify", "--vm", "6.1,6.12", obj.toString());
        assertEquals(1, r.exit(), "a kernel that cannot load a program fails verification\n" + r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\\nlookup_task\\s+NOT LOADED at task\\.go:" + line + ":\\d+\\s+\\d+ insns, stack \\d+ B\\n.*"),
                "6.1 cannot load it (libbpf finds no kfunc), 6.12 accepts:\n" + r.out());
        assertTrue(r.out().contains("6.1 lookup_task: NOT LOADED at task.go:" + line), r.out());
        assertTrue(r.out().contains("extern (func ksym) 'bpf_task_from_pid': not found in kernel or module BTFs"), r.out());
        assertTrue(r.out().contains("source: task := bpfKfuncBpfTaskFromPid(ctx.Pid)"), r.out());
        assertTrue(r.out().contains("hint: this kernel has no kfunc bpf_task_from_pid"), r.out());
        assertTrue(r.err().contains("booting 6.1") && r.err().contains("6.12 is up"), "boot progress on stderr: " + r.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInstructionSixOneLacksIsRejectedByItsVerifierAtTheGoLine(@TempDir Path tmp) throws Exception {
        Path pkg = Requires.repo().resolve("src/test/resources/io/tinybpf/good/signed-division");
        Path obj = tmp.resolve("div.o");
        CliRunner b = CliRunner.run("build", pkg.toString(), "--section", "divide=syscall", "--cpu", "v4", "-o", obj.toString());
        assertEquals(0, b.exit(), b.err());
        int line = lineOf(pkg.resolve("main.go"), "ctx.Q = ctx.A / ctx.B");
        CliRunner r = CliRunner.run("verify", "--vm", "6.1,6.12", "--json", obj.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        Map<String, Object> doc = (Map<String, Object>) io.tinybpf.testing.JsonSchema.assertValid(r.out(), "verify.schema.json");
        List<Object> kernels = (List<Object>) doc.get("kernels");
        Map<String, Object> old = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) kernels.get(0)).get("programs")).get("divide");
        Map<String, Object> now = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) kernels.get(1)).get("programs")).get("divide");
        assertEquals("6.1", ((Map<String, Object>) kernels.get(0)).get("name"));
        assertEquals(Boolean.FALSE, old.get("accepted"));
        assertEquals("main.go:" + line, old.get("go_position"), "6.1 annotates the text only; the line comes from BTF line info");
        assertTrue(((String) old.get("complaint")).contains("reserved fields"), old.toString());
        assertEquals("ctx.Q = ctx.A / ctx.B", old.get("source"));
        assertTrue(((String) old.get("hint")).contains("--cpu v3"), old.toString());
        assertEquals(Boolean.TRUE, now.get("accepted"), "6.12 knows signed division: " + now);
        assertTrue((Long) now.get("processed_insns") > 0);
    }

    @Test
    void aKernelThatCannotBeFoundFailsBeforeAnythingBoots() {
        Path obj = Examples.build("xdp-blocklist").object();
        long start = System.nanoTime();
        CliRunner r = CliRunner.run("verify", "--vm", "6.12,5.99", obj.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("error: no kernel '5.99' is installed (installed: 6.1, 6.12"), r.err());
        assertFalse(r.err().contains("booting"), "nothing booted: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
    }

    @Test
    void testRunsAProgramInsideTheKernelOfAVm() {
        Path obj = Examples.build("xdp-blocklist").object();
        CliRunner r = CliRunner.run("test", obj.toString(), "--vm", "6.1", "--packet", "udp 10.0.0.1:1234 > 10.0.0.2:53",
                "--set", "blocklist:10.0.0.1=0", "--repeat", "10", "--dump", "blocklist", "--expect", "XDP_DROP");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("xdp_blocklist (xdp): returned 1 XDP_DROP"), r.out());
        assertTrue(r.out().contains("0x0a000001 → 10"), "the map as the guest kernel left it: " + r.out());
        assertTrue(r.err().contains("6.1 is up (Linux 6.1."), r.err());

        Path tail = Examples.build("tail-calls").object();
        CliRunner t = CliRunner.run("test", tail.toString(), "--vm", "6.12", "-p", "dispatch", "--packet", "arp",
                "--set", "jumpTable:0=@handle_drop", "--expect", "XDP_DROP");
        assertEquals(0, t.exit(), "a program fd stored in the guest's program array: " + t.out() + t.err());

        CliRunner host = CliRunner.run("test", obj.toString(), "--vm", "host", "--packet", "arp");
        assertEquals(2, host.exit(), "test --vm takes one VM kernel");
    }
}
