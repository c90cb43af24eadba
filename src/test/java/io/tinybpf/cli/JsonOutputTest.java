package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.JsonSchema;
import io.tinybpf.testing.Requires;
import io.tinybpf.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code --json} output parses and matches its documented schema (docs/schemas/), on real
 * objects; and the values in it are the ones the text output shows.
 */
class JsonOutputTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> arr(Object v) {
        return (List<Object>) v;
    }

    @Test
    void theValidatorRejectsWhatTheSchemaForbids() throws Exception {
        // the checks below are only worth something if a wrong document fails
        assertTrue(JsonSchema.validate(Json.parse("{\"version\": \"1\", \"build\": \"xyz\", \"java\": \"25\"}"), "version.schema.json")
                .stream().anyMatch(p -> p.contains("does not match")));
        assertTrue(JsonSchema.validate(Json.parse("{\"version\": \"1\", \"java\": \"25\"}"), "version.schema.json")
                .contains("$: missing \"build\""));
        assertTrue(JsonSchema.validate(Json.parse("{\"result\": \"ok\"}"), "build.schema.json").getFirst().contains("oneOf"));
        assertTrue(JsonSchema.validate(Json.parse("{\"event\": \"detached\", \"extra\": 1}"), "run-event.schema.json").getFirst()
                .contains("oneOf"));
        assertTrue(JsonSchema.validate(Json.parse("{\"event\": \"record\", \"map\": \"m\", \"size\": -1}"), "run-event.schema.json")
                .getFirst().contains("below 0"));
        assertEquals(List.of(), JsonSchema.validate(Json.parse("{\"event\": \"detached\"}"), "run-event.schema.json"));
    }

    @Test
    void version() {
        CliRunner r = CliRunner.run("version", "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> doc = obj(JsonSchema.assertValid(r.out(), "version.schema.json"));
        String text = CliRunner.run("version").out();
        assertEquals("tinybpf " + doc.get("version") + " (build " + doc.get("build") + ")", text.strip());
    }

    @Test
    @Tag("tinygo")
    @Tag("llvm")
    void doctor() {
        Examples.requireToolchain();
        CliRunner r = CliRunner.run("doctor", "--json");
        Map<String, Object> doc = obj(JsonSchema.assertValid(r.out(), "doctor.schema.json"));
        assertEquals(r.exit() == 0, doc.get("ok"), r.out());
        List<String> names = arr(doc.get("tools")).stream().map(t -> (String) obj(t).get("name")).toList();
        assertEquals(List.of("tinygo", "go", "llvm-link", "opt", "llc", "llvm-ar", "llvm-objcopy"), names);
        Map<String, Object> llc = obj(arr(doc.get("tools")).get(4));
        assertEquals(true, llc.get("found"), r.out());
        assertTrue(((String) llc.get("version")).contains("LLVM version"), r.out());
    }

    @Test
    @Tag("tinygo")
    @Tag("llvm")
    void buildSuccessAndFailure(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path out = tmp.resolve("connect.o");
        CliRunner r = CliRunner.run("build", "--json", Examples.examplesDir().resolve("tracepoint-connect").toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> doc = obj(JsonSchema.assertValid(r.out(), "build.schema.json"));
        assertEquals("ok", doc.get("result"));
        assertEquals(out.toString(), doc.get("object"));
        assertTrue(Files.size(out) > 0);
        Map<String, Object> prog = obj(arr(doc.get("programs")).getFirst());
        assertEquals("handle_connect", prog.get("name"));
        assertEquals("tracepoint/syscalls/sys_enter_connect", prog.get("section"));
        Map<String, Object> map = obj(arr(doc.get("maps")).getFirst());
        assertEquals("ringbuf", map.get("type"));
        assertTrue(((String) map.get("record_type")).startsWith("connectEvent"), r.out());
        assertTrue(obj(doc.get("stage_ms")).containsKey("finalize"), r.out());

        // -v with --json: progress goes to stderr, stdout stays one document
        CliRunner v = CliRunner.run("build", "--json", "-v", Examples.examplesDir().resolve("tracepoint-connect").toString(),
                "-o", out.toString());
        JsonSchema.assertValid(v.out(), "build.schema.json");
        assertTrue(v.err().contains("[finalize]"), v.err());

        Path bad = Requires.repo().resolve("src/test/resources/io/tinybpf/bad");
        Path pkg = Files.list(bad).filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("unchecked-packet"))
                .sorted().findFirst().orElseThrow();
        CliRunner f = CliRunner.run("build", "--json", pkg.toString(), "-o", tmp.resolve("bad.o").toString());
        assertEquals(1, f.exit(), f.out());
        Map<String, Object> fd = obj(JsonSchema.assertValid(f.out(), "build.schema.json"));
        assertEquals("failed", fd.get("result"));
        assertFalse(arr(fd.get("diagnostics")).isEmpty(), f.out());
        assertTrue(f.err().contains("stage \"" + fd.get("stage") + "\" failed"), "the human report goes to stderr:\n" + f.err());
        assertFalse(Files.exists(tmp.resolve("bad.o")));
    }

    @Test
    @Tag("tinygo")
    @Tag("kernel")
    void testOutcomesAndExitCodes(@TempDir Path tmp) {
        String o = Examples.build("xdp-blocklist").object().toString();
        Requires.kernel();
        CliRunner r = CliRunner.run("test", o, "--json", "--packet", "udp 10.0.0.1:1234 > 10.0.0.2:53", "--set", "blocklist:10.0.0.1=0",
                "--repeat", "3", "--dump", "blocklist", "--expect", "XDP_DROP");
        assertEquals(0, r.exit(), r.out() + r.err());
        Map<String, Object> doc = obj(JsonSchema.assertValid(r.out(), "test.schema.json"));
        assertEquals("passed", doc.get("result"));
        assertEquals(1L, doc.get("retval"));
        assertEquals("XDP_DROP", doc.get("meaning"));
        assertEquals(3L, doc.get("repeat"));
        Map<String, Object> dump = obj(arr(doc.get("maps")).getFirst());
        assertEquals(List.of(Map.of("key", "0x0a000001", "value", 3L)), dump.get("entries"), r.out());

        CliRunner wrong = CliRunner.run("test", o, "--json", "--packet", "udp 10.0.0.1:1234 > 10.0.0.2:53", "--expect", "XDP_DROP");
        assertEquals(3, wrong.exit(), "an unmet --expect is exit 3:\n" + wrong.out() + wrong.err());
        Map<String, Object> w = obj(JsonSchema.assertValid(wrong.out(), "test.schema.json"));
        assertEquals("unexpected", w.get("result"));
        assertEquals(Map.of("value", 1L, "meaning", "XDP_DROP", "met", false), w.get("expect"));

        // a program the verifier rejects (on any kernel) never ran: exit 1, not 3
        Path bad = tmp.resolve("unchecked.o");
        assertEquals(0, CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/bad/unchecked-packet").toString(),
                "--section", "prog=xdp", "-o", bad.toString()).exit());
        CliRunner lf = CliRunner.run("test", bad.toString(), "--json", "--packet", "arp", "--expect", "XDP_PASS");
        assertEquals(1, lf.exit(), lf.out() + lf.err());
        assertEquals("load_failed", obj(JsonSchema.assertValid(lf.out(), "test.schema.json")).get("result"));
        assertTrue(lf.err().contains("rejected at main.go:14"), lf.err());
    }
}
