package io.tinybpf.kernel;

import static io.tinybpf.kernel.LittleEndian.u32;
import static io.tinybpf.kernel.LittleEndian.u32At;
import static io.tinybpf.kernel.LittleEndian.u64;
import static io.tinybpf.kernel.LittleEndian.u64At;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Test runs of syscall and raw tracepoint programs, per-CPU maps, and .rodata edited before load. */
@Tag("kernel")
@SuppressWarnings("restricted")
class ProgramTestRunTest {
    static final int XDP_DROP = 1, XDP_PASS = 2;

    @BeforeEach
    void kernel() {
        Requires.kernel();
    }

    @Test
    void syscallProgramComputesFromItsContextAndWritesItBack() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("misc"))) {
            obj.load();
            BpfProgram calc = obj.program("calc");
            assertEquals("syscall", calc.typeName());
            byte[] ctx = LittleEndian.buffer(16).putInt(6).putInt(7).putLong(0).array();
            TestRunResult r = calc.testRun(TestRun.context(ctx));
            assertEquals(13, r.retval());
            assertEquals(6 * 7 + 7, u64At(r.ctxInAfter(), 8), "product written back into the context");
            KernelException e = assertThrows(KernelException.class,
                    () -> calc.testRun(TestRun.context(ctx).withRepeat(5)));
            assertEquals("EINVAL", e.errnoName(), "syscall programs take no repeat");
            assertEquals(1, u64At(obj.variable("calc_calls"), 0), ".bss read live through libbpf's mmap");
        }
    }

    @Test
    void dataVariableSetBeforeLoadIsUsedAndBssCountsLive() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("misc"))) {
            assertEquals(".data", obj.variables().stream().filter(v -> v.name().equals("calc_bias")).findFirst()
                    .orElseThrow().section());
            obj.setVariable("calc_bias", u32(1000));
            obj.load();
            byte[] ctx = LittleEndian.buffer(16).putInt(2).putInt(3).putLong(0).array();
            for (int i = 0; i < 3; i++) {
                assertEquals(2 * 3 + 1000, u64At(obj.program("calc").testRun(TestRun.context(ctx)).ctxInAfter(), 8));
            }
            assertEquals(3, u64At(obj.variable("calc_calls"), 0));
            obj.setVariable("calc_bias", u32(1));
            assertEquals(2 * 3 + 1, u64At(obj.program("calc").testRun(TestRun.context(ctx)).ctxInAfter(), 8),
                    ".data changed after load");
            assertEquals(4, u64At(obj.variable("calc_calls"), 0));
        }
    }

    @Test
    void rawTracepointTestRunOnEachCpuFillsThePerCpuArray() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("misc"))) {
            obj.load();
            BpfProgram add = obj.program("percpu_add");
            assertEquals("raw_tracepoint", add.typeName());
            BpfMap sums = obj.map("percpu_sum");
            assertTrue(sums.isPerCpu());
            int cpus = Bpf.possibleCpus();
            assertEquals(cpus, Libbpf.callInt(NUM_CPUS), "agrees with libbpf_num_possible_cpus()");
            assertEquals(8 * cpus, sums.lookupValueSize());
            for (int cpu = 0; cpu < cpus; cpu++) {
                for (int i = 0; i <= cpu; i++) {
                    TestRunResult r = add.testRun(TestRun.context(u64(10 + cpu)).onCpu(cpu));
                    assertEquals(2 * (10 + cpu), r.retval());
                }
            }
            List<byte[]> perCpu = sums.lookupPerCpu(u32(0));
            assertEquals(cpus, perCpu.size());
            long total = 0;
            for (int cpu = 0; cpu < cpus; cpu++) {
                long want = (long) (cpu + 1) * (10 + cpu);
                assertEquals(want, u64At(perCpu.get(cpu), 0), "cpu " + cpu);
                total += want;
            }
            assertEquals(total, sums.sumPerCpuU64(u32(0)));

            sums.updatePerCpu(u32(0), List.of(u64(5)), Bpf.ANY);
            assertEquals(5L * cpus, sums.sumPerCpuU64(u32(0)), "one value replicated to every CPU");
            assertThrows(IllegalArgumentException.class, () -> sums.update(u32(0), u64(1)));
        }
    }

    private static final java.lang.invoke.MethodHandle NUM_CPUS = Native.downcall(
            java.lang.foreign.SymbolLookup.libraryLookup("libbpf.so.1", java.lang.foreign.Arena.global()),
            "libbpf_num_possible_cpus", java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));

    @Test
    void rodataConstantSetBeforeLoadChangesTheVerdict() {
        byte[] frame = TestNet.udpFrame(1);
        try (BpfObject def = BpfObject.open(Fixtures.bpf("misc"))) {
            Map<String, BpfObject.GlobalVariable> vars = def.variables().stream()
                    .collect(Collectors.toMap(BpfObject.GlobalVariable::name, v -> v));
            BpfObject.GlobalVariable verdict = vars.get("verdict");
            assertEquals(".rodata", verdict.section());
            assertEquals(4, verdict.size());
            assertEquals(8, vars.get("unused_padding_const").size());
            assertEquals(XDP_PASS, u32At(def.variable("verdict"), 0), "initial value from the ELF");
            assertEquals(0x1122334455667788L, u64At(def.variable("unused_padding_const"), 0));
            def.load();
            assertEquals(XDP_PASS, def.program("xdp_verdict").testRun(TestRun.packet(frame)).retval());
            assertThrows(IllegalStateException.class, () -> def.setVariable("verdict", u32(XDP_DROP)),
                    "read-only data is frozen by the load");
        }
        try (BpfObject edited = BpfObject.open(Fixtures.bpf("misc"))) {
            edited.setVariable("verdict", u32(XDP_DROP));
            assertThrows(IllegalArgumentException.class, () -> edited.setVariable("verdict", u64(1)));
            edited.load();
            assertEquals(XDP_DROP, u32At(edited.variable("verdict"), 0));
            assertEquals(0x1122334455667788L, u64At(edited.variable("unused_padding_const"), 0), "neighbour untouched");
            assertEquals(XDP_DROP, edited.program("xdp_verdict").testRun(TestRun.packet(frame)).retval());
            VerifierReport rep = edited.loadResult().program("xdp_verdict").orElseThrow();
            assertTrue(rep.processedInsns() > 0, rep.log());
            assertArrayEquals(u32(XDP_DROP), edited.variable("verdict"));
        }
    }
}
