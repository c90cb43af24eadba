package io.tinybpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Kernels;
import io.tinybpf.testing.Requires;
import io.tinybpf.testing.TestKernel;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How failures look: a verifier rejection (EACCES with the verifier's complaint), and program
 * kinds some kernels refuse outright. Those (fentry, LSM, kprobe attach) are probed on every
 * kernel of the matrix: loaded and attached where allowed, skipped with the kernel's errno where
 * not ({@link Kernels#skipUnlessSupported}).
 */
@Tag("kernel")
@ExtendWith(Kernels.Coverage.class)
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

    /** The C fixture with only {@code program} to load, on kernel {@code k}. */
    private static TestKernel.Obj openOnly(TestKernel k, String program) {
        TestKernel.Obj obj = k.open(Fixtures.bpf("bad"));
        for (String p : List.of("oob_read", "fentry_nanosleep", "lsm_file_open", "kprobe_nanosleep")) obj.setAutoload(p, p.equals(program));
        return obj;
    }

    static List<TestKernel> kernels() {
        return Kernels.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void fentryLoadsAndAttachesWhereTheKernelAllowsTrampolines(TestKernel k) throws Exception {
        try (TestKernel.Obj obj = openOnly(k, "fentry_nanosleep")) {
            assertEquals("tracing", obj.typeName("fentry_nanosleep"));
            LoadResult r = Kernels.load(k, obj, Kernels.Feature.FENTRY); // skips (with the errno) where refused
            assertTrue(r.program("fentry_nanosleep").orElseThrow().processedInsns() > 0);
            obj.attach("fentry_nanosleep", "auto").close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void lsmLoadsAndAttachesWhereTheKernelAllowsBpfLsm(TestKernel k) throws Exception {
        try (TestKernel.Obj obj = openOnly(k, "lsm_file_open")) {
            assertEquals("lsm", obj.typeName("lsm_file_open"));
            LoadResult r = Kernels.load(k, obj, Kernels.Feature.LSM);
            assertTrue(r.program("lsm_file_open").orElseThrow().processedInsns() > 0);
            Kernels.attach(k, obj, Kernels.Feature.LSM, "lsm_file_open", "auto").close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void kprobeProgramsLoadEverywhereAndAttachWhereTheKernelHasKprobes(TestKernel k) throws Exception {
        try (TestKernel.Obj obj = openOnly(k, "kprobe_nanosleep")) {
            assertEquals("kprobe", obj.typeName("kprobe_nanosleep"));
            obj.load(); // a kprobe program is verified whether or not the kernel can attach it
            Kernels.attach(k, obj, Kernels.Feature.KPROBE, "kprobe_nanosleep", "kprobe", "do_nanosleep", "0").close();
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
