package io.tinybpf.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classification rules against messages as kernels 5.x-6.x and libbpf print them (the
 * kernel-tagged VerifierHintsKernelTest checks a subset against the running kernel's own words).
 */
class VerifierHintsTest {
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "R0 invalid mem access 'map_value_or_null'|NIL_CHECK",
            "R1 type=ringbuf_mem_or_null expected=ringbuf_mem|NIL_CHECK",
            "invalid access to packet, off=12 size=1, R1(id=0,off=12,r=0)\\nR1 offset is outside of the packet|PACKET_BOUNDS",
            "R0 invalid mem access 'scalar'|SCALAR_DEREFERENCE",
            "R1 invalid mem access 'inv'|SCALAR_DEREFERENCE",
            "math between map_value pointer and register with unbounded min value is not allowed|POINTER_ARITHMETIC",
            "R1 unbounded memory access, make sure to bounds check any such access|POINTER_ARITHMETIC",
            "R2 pointer arithmetic on ptr_or_null_ prohibited, null-check it first|NIL_CHECK",
            "R1 bitwise operator &= on pointer prohibited|POINTER_ARITHMETIC",
            "invalid access to map value, value_size=8 off=64 size=8\\nR1 min value is outside of the allowed memory range|MAP_VALUE_BOUNDS",
            "R1 min value is negative, either use unsigned index or do a if (index >=0) check.|NEGATIVE_INDEX",
            "The sequence of 8193 jumps is too complex.|LOOP",
            "BPF program is too large. Processed 1000001 insn|LOOP",
            "back-edge from insn 12 to 4|LOOP",
            "infinite loop detected at insn 7|LOOP",
            "combined stack size of 3 calls is 608. Too large|STACK",
            "R2 !read_ok|UNINITIALIZED",
            "invalid indirect read from stack R2 off -16+0 size 16|UNINITIALIZED",
            "Unreleased reference id=2 alloc_insn=4\\nBPF_EXIT instruction in main prog would lead to reference leak|UNRELEASED_REFERENCE",
            "cannot call GPL-restricted function from non-GPL compatible program|LICENSE",
            "unknown func bpf_get_current_comm#16|HELPER_UNAVAILABLE",
            "program of this type cannot use helper bpf_probe_read#4|HELPER_UNAVAILABLE",
            "invalid bpf_context access off=0 size=4|CONTEXT_ACCESS",
            "dereference of modified ctx ptr R1 off=8 disallowed|CONTEXT_ACCESS",
            "At program exit the register R0 has smin=7 smax=7 should have been in [0, 1]|RETURN_VALUE",
            "At program exit the register R0 has value (0x7; 0x0) should have been in (0x0; 0x1)|RETURN_VALUE",
            "failed to resolve CO-RE relocation <byte_off> [5] struct task_struct.no_such_field (0:0 @ offset 0)|CORE_FIELD",
            "extern (func ksym) 'bpf_no_such_thing': not found in kernel or module BTFs [EINVAL]|KFUNC",
            "extern (func ksym) 'bpf_task_from_pid': func_proto [33] incompatible with kernel [123]|KFUNC",
            "map 'big': failed to create: Cannot allocate memory(-12) [ENOMEM]|MAP_CREATE"})
    void classifies(String message, VerifierHints.Kind kind) {
        var h = VerifierHints.hint(message.replace("\\n", "\n"));
        assertTrue(h.isPresent(), "no hint for: " + message);
        assertEquals(kind, h.get().kind(), h.get().advice());
    }

    @Test
    void theAdviceNamesWhatTheMessageNamed() {
        assertTrue(VerifierHints.hint("map 'counters': failed to create: Invalid argument(-22) [EINVAL]").orElseThrow().advice()
                .startsWith("map counters: the kernel refused the definition"));
        assertTrue(VerifierHints.hint("invalid access to map value, value_size=8 off=64 size=8").orElseThrow().advice()
                .contains("bytes 64..72 of a 8-byte map value"));
        assertTrue(VerifierHints.hint("At program exit the register R0 has value (0x7; 0x0) should have been in (0x0; 0x1)")
                .orElseThrow().advice().startsWith("this program type must return a value in [0x0, 0x1]"));
        assertTrue(VerifierHints.hint("unknown func bpf_get_current_comm#16").orElseThrow().advice().startsWith("bpf_get_current_comm "));
    }

    @Test
    void aMessageNoRuleKnowsGetsNoHint() {
        assertTrue(VerifierHints.hint("R6 has something the kernel has never said before").isEmpty());
        assertTrue(VerifierHints.hint(null).isEmpty());
        assertTrue(VerifierHints.hint("").isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonSchemaListsEveryKind() throws Exception {
        Path schema = Path.of("docs/schemas/common.schema.json");
        Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(schema));
        Map<String, Object> verdict = (Map<String, Object>) ((Map<String, Object>) doc.get("$defs")).get("verdict");
        Map<String, Object> kind = (Map<String, Object>) ((Map<String, Object>) verdict.get("properties")).get("hint_kind");
        assertEquals(Arrays.stream(VerifierHints.Kind.values()).map(VerifierHints.Kind::jsonName).toList(), (List<Object>) kind.get("enum"));
    }
}
