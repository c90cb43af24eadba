package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.JsonSchema;
import io.tinybpf.testing.Requires;
import io.tinybpf.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Programs the kernel refuses, built from Go, through {@code verify --kernel}: each refusal gets
 * the classified hint for its kind, at its Go line, and a map the kernel cannot create is named as
 * such. The messages come from the running kernel, so this checks the hint rules against real
 * verifier wording, not copies of it.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class VerifierHintsKernelTest {
    private static Path build(Path dir, String fixture, String section) {
        Examples.requireToolchain();
        Requires.kernel();
        Path obj = dir.resolve(fixture + ".o");
        CliRunner b = CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/bad/" + fixture).toString(),
                "--section", section, "-o", obj.toString());
        assertEquals(0, b.exit(), "it compiles: only the kernel can tell\n" + b.err());
        return obj;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> verdict(Path obj) throws Exception {
        CliRunner r = CliRunner.run("verify", "--kernel", "--json", obj.toString());
        JsonSchema.assertValid(r.out(), "verify.schema.json");
        Map<String, Object> doc = (Map<String, Object>) Json.parse(r.out());
        Map<String, Object> prog = ((List<Map<String, Object>>) doc.get("programs")).getFirst();
        return (Map<String, Object>) prog.get("kernel");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource({
            "unchecked-packet, prog=xdp, packet_bounds, main.go:14",
            "unreleased-ringbuf, xdp_prog=xdp, unreleased_reference, main.go:18",
            "scalar-deref, prog=raw_tp/sys_enter, scalar_dereference, main.go:13",
            "unbounded-loop, prog=syscall, loop, -"})
    void eachRejectionGetsTheHintForItsKind(String fixture, String section, String kind, String line, @TempDir Path tmp)
            throws Exception {
        Path obj = build(tmp, fixture, section);
        Map<String, Object> k = verdict(obj);
        assertEquals(false, k.get("accepted"), k.toString());
        Assumptions.assumeTrue(k.get("refused") == null, () -> "this kernel refuses the program type: " + k.get("refused"));
        assertNotNull(k.get("complaint"), k.toString());
        assertEquals(kind, k.get("hint_kind"), "the complaint was: " + k.get("complaint"));
        if (!line.equals("-")) assertEquals(line, k.get("go_position"));
        CliRunner text = CliRunner.run("verify", "--kernel", obj.toString());
        assertEquals(1, text.exit());
        assertTrue(text.out().contains("hint: " + k.get("hint")), text.out());
    }

    @Test
    void aMapTheKernelCannotCreateIsNamedNotLeftWithoutAMessage(@TempDir Path tmp) throws Exception {
        Path obj = build(tmp, "map-too-big", "prog=syscall");
        Map<String, Object> k = verdict(obj);
        Assumptions.assumeFalse(Boolean.TRUE.equals(k.get("accepted")), "this kernel creates a hash map of 2^31 entries");
        assertTrue(String.valueOf(k.get("load_error")).startsWith("map 'huge': failed to create: "), k.toString());
        assertEquals("map_create", k.get("hint_kind"), k.toString());
        assertFalse(k.containsKey("complaint"), "the verifier never saw the program");

        CliRunner text = CliRunner.run("verify", "--kernel", obj.toString());
        assertEquals(1, text.exit());
        assertTrue(text.out().contains("prog                 NOT LOADED: map 'huge': failed to create: "), text.out());
        assertFalse(text.out().contains("no message"), text.out());

        CliRunner test = CliRunner.run("test", obj.toString());
        assertEquals(1, test.exit());
        assertTrue(test.err().contains("failed: map 'huge': failed to create: "), test.err());

        Path out = tmp.resolve("checked.o");
        CliRunner b = CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/bad/map-too-big").toString(),
                "--section", "prog=syscall", "--verify-kernel", "-o", out.toString());
        assertEquals(1, b.exit(), b.err());
        assertTrue(b.err().contains("error: the kernel did not load the object (prog never reached the verifier): map 'huge': "
                + "failed to create"), b.err());
        assertFalse(Files.exists(out), "nothing is written");
    }
}
