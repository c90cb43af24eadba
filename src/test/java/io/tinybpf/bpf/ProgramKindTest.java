package io.tinybpf.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgramKindTest {
    @Test
    void everySectionRowBelongsToTheKindThatDeclaresIt() {
        for (ProgramKind k : ProgramKind.values()) {
            assertFalse(k.sections().isEmpty(), k + " has no section");
            for (SectionDef d : k.sections()) assertEquals(Optional.of(k), ProgramKind.of(d.prefix()), d.prefix());
        }
        assertEquals(Optional.of(ProgramKind.KPROBE), ProgramKind.of("kretprobe/do_unlinkat"));
        assertTrue(SectionNames.resolve("kretprobe/do_unlinkat").orElseThrow().returnProbe());
        assertFalse(SectionNames.resolve("kprobe/do_unlinkat").orElseThrow().returnProbe());
        assertEquals(Optional.empty(), ProgramKind.of("xpd"));
    }

    @Test
    void failedGoChecksFailClosedWhereTheKindCanDropTraffic() {
        assertEquals("XDP_ABORTED", ProgramKind.XDP.returns().meaning(ProgramKind.XDP.safeReturn()));
        assertEquals("TC_ACT_SHOT", ProgramKind.of("tc/ingress").orElseThrow().returns().meaning(ProgramKind.TC.safeReturn()));
        assertEquals("reject", ProgramKind.CGROUP_HOOK.returns().meaning(ProgramKind.CGROUP_HOOK.safeReturn()));
        assertEquals("(drop)", ProgramKind.SOCKET_FILTER.returns().meaning(ProgramKind.SOCKET_FILTER.safeReturn()));
    }

    @Test
    void returnNamesResolveInTheirOwnTableFirst() {
        assertEquals(Optional.of(1L), ProgramKind.XDP.returns().value("xdp_drop"));
        assertEquals(Optional.empty(), ProgramKind.XDP.returns().value("TC_ACT_SHOT"));
        assertEquals(Optional.of(2L), ProgramKind.Returns.anyValue("TC_ACT_SHOT"));
        assertEquals("(keep 65535 bytes)", ProgramKind.SOCKET_FILTER.returns().meaning(0xffff));
        assertEquals("(deny: -1)", ProgramKind.LSM.returns().meaning(-1));
    }

    @Test
    void programTypeNamesMapToKinds() {
        assertEquals(List.of(ProgramKind.TC), ProgramKind.ofProgramType("sched_cls"));
        assertEquals(List.of(ProgramKind.TP_BTF, ProgramKind.FENTRY, ProgramKind.ITER), ProgramKind.ofProgramType("tracing"));
    }

    /** The packet pointer offsets are the kernel's own: read from its BTF (uapi structs xdp_md and __sk_buff). */
    @Test
    void packetPointerFieldsAreWhereTheKernelsContextStructsHaveThem() throws Exception {
        java.nio.file.Path vmlinux = java.nio.file.Path.of("/sys/kernel/btf/vmlinux");
        io.tinybpf.testing.Requires.that(java.nio.file.Files.isReadable(vmlinux), "kernel BTF at " + vmlinux);
        io.tinybpf.btf.Btf btf = io.tinybpf.btf.Btf.parse(java.nio.file.Files.readAllBytes(vmlinux));
        assertEquals(offsets(btf, "xdp_md"), ProgramKind.XDP.packetPointerFields());
        assertEquals(offsets(btf, "__sk_buff"), ProgramKind.TC.packetPointerFields());
        assertEquals(ProgramKind.TC.packetPointerFields(), ProgramKind.CGROUP_SKB.packetPointerFields());
        assertEquals(java.util.Set.of(), ProgramKind.TRACEPOINT.packetPointerFields(), "no packet in a tracepoint's context");
    }

    private static java.util.Set<Long> offsets(io.tinybpf.btf.Btf btf, String struct) {
        var s = btf.find(struct, io.tinybpf.btf.BtfType.Struct.class).orElseThrow(() -> new AssertionError("no struct " + struct + " in kernel BTF"));
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (var m : s.members()) if (List.of("data", "data_end", "data_meta").contains(m.name())) out.add(m.bitOffset() / 8);
        assertEquals(3, out.size(), struct + " has data, data_end and data_meta");
        return out;
    }
}
