package io.tinybpf.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.KernelVerifier.Verdict;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Kernels;
import io.tinybpf.testing.Requires;
import io.tinybpf.testing.TestKernel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code tinybpf verify --kernel --vm host,6.1,6.12} reports for every example, through the
 * same {@code KernelTarget}s the command uses (on the test matrix's already booted VMs): every
 * program is accepted by at least one kernel, and wherever it is not, the verdict says why — a
 * refusal with its errno, or a rejection at a Go line.
 */
@Tag("kernel")
@Tag("tinygo")
class ExamplesMatrixTest {
    static List<String> examples() {
        return Examples.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyProgramIsAcceptedSomewhereAndEveryOtherVerdictSaysWhy(String example) throws Exception {
        Path obj = Examples.build(example).object();
        List<String> programs = ObjectSummary.summarize(ElfFile.read(obj)).programs().stream().map(ObjectSummary.Program::name).toList();
        Map<String, List<String>> acceptedBy = new LinkedHashMap<>();
        Map<String, List<String>> refusedBy = new LinkedHashMap<>();
        for (String p : programs) {
            acceptedBy.put(p, new ArrayList<>());
            refusedBy.put(p, new ArrayList<>());
        }
        for (TestKernel k : Kernels.all()) {
            Map<String, Verdict> verdicts = k.target().verify(obj, programs);
            assertEquals(programs, List.copyOf(verdicts.keySet()), k.name() + ": a verdict per program");
            for (Verdict v : verdicts.values()) {
                if (v.accepted()) {
                    assertTrue(v.stats().processedInsns() > 0, k.name() + " " + v.program() + ": processed instructions reported");
                    acceptedBy.get(v.program()).add(k.name());
                } else if (v.refusal() == null) {
                    assertTrue(v.goPosition() != null && v.goPosition().file().endsWith(".go"),
                            k.name() + " " + v.program() + ": a rejection points at Go: " + v.complaint() + " at " + v.goPosition());
                } else {
                    assertTrue(v.refusal().matches("E[A-Z]+: .*"), k.name() + " " + v.program() + ": a refusal names its errno: " + v.refusal());
                    refusedBy.get(v.program()).add(k.name() + " (" + v.refusal().split(":")[0] + ")");
                }
            }
        }
        for (String p : programs) {
            if (!acceptedBy.get(p).isEmpty()) continue;
            // every kernel of the matrix refused the program type outright: a capability the matrix lacks
            // (the host alone, say), not a defect; any rejection by a verifier is one
            Requires.that(refusedBy.get(p).size() < Kernels.all().size(), "a kernel that loads " + example + "/" + p
                    + " (refused by " + refusedBy.get(p) + "; the VM kernels of -D" + Kernels.PROPERTY + " do)");
            throw new AssertionError(p + " is accepted by no kernel of " + Kernels.all());
        }
    }
}
