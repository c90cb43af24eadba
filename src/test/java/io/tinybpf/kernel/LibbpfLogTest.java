package io.tinybpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Reading libbpf's reason for a failed load out of its log (texts as libbpf 1.x prints them). */
class LibbpfLogTest {
    private static final String MAP_AND_BTF = """
            libbpf: BTF loading error: -22
            libbpf: -- BEGIN BTF LOAD LOG ---
            magic: 0xeb9f
            [5] PTR (anon) type_id=6
            [6] ARRAY (anon) type_id=2 index_type_id=4 nr_elems=1073741824
            [17] DATASEC .maps size=32 vlen=1
            \t type_id=13 offset=0 size=32
            [6] ARRAY (anon) type_id=2 index_type_id=4 nr_elems=1073741824 Array size overflows U32_MAX

            -- END BTF LOAD LOG --
            libbpf: Error loading .BTF into kernel: -22. BTF is optional, ignoring.
            libbpf: map 'big': failed to create: Cannot allocate memory(-12)
            libbpf: failed to load object 'mapcreate/out.o'
            """;

    @Test
    void aMapThatCouldNotBeCreated() {
        assertEquals("map 'big': failed to create: Cannot allocate memory(-12)", LibbpfLog.failure(MAP_AND_BTF));
    }

    @Test
    void theKernelsReasonForRefusingTheBtf() {
        assertEquals("[6] ARRAY (anon) type_id=2 index_type_id=4 nr_elems=1073741824 Array size overflows U32_MAX",
                LibbpfLog.btfRejection(MAP_AND_BTF));
        assertNull(LibbpfLog.btfRejection("libbpf: map 'big': failed to create: Cannot allocate memory(-12)\n"));
    }

    @Test
    void aMissingKfunc() {
        assertEquals("extern (func ksym) 'bpf_no_such_thing': not found in kernel or module BTFs", LibbpfLog.failure("""
                libbpf: extern (func ksym) 'bpf_no_such_thing': not found in kernel or module BTFs
                libbpf: failed to load object 'kfuncmissing/out.o'
                """));
    }

    @Test
    void aProgramRejectionLeavesNothingBesidesTheVerifierLog() {
        assertNull(LibbpfLog.failure("""
                libbpf: prog 'prog': BPF program load failed: Invalid argument
                libbpf: prog 'prog': failed to load: -22
                libbpf: failed to load object 'coremissing/out.o'
                """));
        assertNull(LibbpfLog.failure(""));
        assertNull(LibbpfLog.failure(null));
    }
}
