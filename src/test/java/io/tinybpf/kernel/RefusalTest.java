package io.tinybpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How failures look: a verifier rejection (EACCES with the verifier's complaint) versus this
 * kernel refusing program kinds outright (fentry/LSM: EPERM without a log; kprobe: attach ENOENT
 * because the kernel has no CONFIG_KPROBES). The refusal tests pin down this machine's kernel.
 */
@Tag("kernel")
class RefusalTest {
    @BeforeEach
    void kernel() {
        Requires.kernel();
    }

    private static BpfObject openOnly(String program) {
        BpfObject obj = BpfObject.open(Fixtures.bpf("bad"));
        for (BpfProgram p : obj.programs()) p.setAutoload(p.name().equals(program));
        return obj;
    }

    @Test
    void outOfBoundsMapValueReadIsRejectedByTheVerifierWithItsComplaint() {
        try (BpfObject obj = openOnly("oob_read")) {
            KernelException e = assertThrows(KernelException.class, obj::load);
            assertTrue(e.isProgramLoad());
            assertEquals(KernelException.Kind.VERIFIER_REJECTED, e.kind(), e.getMessage());
            assertTrue(e.isVerifierRejection());
            assertFalse(e.isKernelRefusal());
            assertEquals("EACCES", e.errnoName());
            assertTrue(e.operation().contains("oob_read"), e.operation());
            assertNotNull(e.verifierLog());
            assertTrue(e.verifierLog().contains("invalid access to map value"), e.verifierLog());
            assertTrue(e.getMessage().contains("invalid access to map value"), "message carries the log tail");
            LoadResult r = obj.loadResult();
            assertFalse(r.success());
            assertEquals("oob_read", r.failed());
            VerifierReport rep = r.program("oob_read").orElseThrow();
            assertFalse(rep.accepted());
            assertTrue(rep.complaint().contains("invalid access to map value"), rep.complaint());
            assertTrue(rep.processedInsns() > 0, rep.log());
            assertFalse(obj.isLoaded());
            assertTrue(obj.program("oob_read").fd() < 0);
        }
    }

    @Test
    void verifyReturnsTheVerdictWithoutThrowing() {
        LoadResult bad = BpfObject.verify(Fixtures.bpf("bad"), OpenOptions.statsOnly());
        assertFalse(bad.success());
        assertEquals("oob_read", bad.failed(), "first program in ELF order fails first");
        assertEquals(Errno.EACCES, bad.errno());
        assertTrue(bad.failedProgram().orElseThrow().complaint().contains("invalid access to map value"));
        LoadResult good = BpfObject.verify(Fixtures.bpf("xdp_filter"), OpenOptions.statsOnly());
        assertTrue(good.success());
        assertEquals(0, good.errno());
        assertTrue(good.program("xdp_filter").orElseThrow().processedInsns() > 0);
        assertTrue(good.program("xdp_filter").orElseThrow().stackDepth() >= 0);
    }

    @Test
    void fentryLoadIsRefusedByThisKernelWithEperm() {
        try (BpfObject obj = openOnly("fentry_nanosleep")) {
            KernelException e = assertThrows(KernelException.class, obj::load);
            assertEquals("EPERM", e.errnoName());
            assertEquals(KernelException.Kind.KERNEL_REFUSED, e.kind());
            assertTrue(e.isKernelRefusal());
            assertFalse(e.isVerifierRejection());
            assertTrue(e.isProgramLoad());
            assertEquals("fentry_nanosleep", obj.loadResult().failed());
        }
    }

    @Test
    void lsmLoadIsRefusedByThisKernelWithEperm() {
        try (BpfObject obj = openOnly("lsm_file_open")) {
            KernelException e = assertThrows(KernelException.class, obj::load);
            assertEquals("EPERM", e.errnoName());
            assertTrue(e.isKernelRefusal());
        }
    }

    @Test
    void kprobeLoadsButAttachIsRefusedWithEnoentWithoutKprobeSupport() {
        try (BpfObject obj = openOnly("kprobe_nanosleep")) {
            obj.load();
            BpfProgram kp = obj.program("kprobe_nanosleep");
            assertEquals("kprobe", kp.typeName());
            assertTrue(kp.fd() >= 0);
            KernelException e = assertThrows(KernelException.class, () -> kp.attachKprobe("do_nanosleep", false));
            assertEquals("ENOENT", e.errnoName());
            assertEquals(KernelException.Kind.NOT_FOUND, e.kind());
            assertFalse(e.isProgramLoad());
            KernelException auto = assertThrows(KernelException.class, kp::attach);
            assertEquals("ENOENT", auto.errnoName());
            assertEquals(0, obj.openDependents());
        }
    }

    @Test
    void aFileThatIsNotAnObjectFailsToOpenWithLibbpfsReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path junk = tmp.resolve("junk.o");
        java.nio.file.Files.writeString(junk, "not an ELF file");
        KernelException e = assertThrows(KernelException.class, () -> BpfObject.open(junk));
        assertTrue(e.operation().contains("junk.o"), e.operation());
        assertNotNull(e.libbpfLog(), "libbpf explains: " + e.getMessage());
        assertTrue(e.errnoName().startsWith("LIBBPF_ERRNO__") || e.errno() < 4000, e.errnoName());
        KernelException missing = assertThrows(KernelException.class, () -> BpfObject.open(tmp.resolve("missing.o")));
        assertEquals(KernelException.Kind.NOT_FOUND, missing.kind());
    }

    @Test
    void unknownProgramAndMapNamesListWhatExists() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("bad"))) {
            var e = assertThrows(java.util.NoSuchElementException.class, () -> obj.program("nope"));
            assertTrue(e.getMessage().contains("oob_read"), e.getMessage());
            assertTrue(obj.findMap("nope").isEmpty());
            assertNull(obj.loadResult());
        }
    }
}
