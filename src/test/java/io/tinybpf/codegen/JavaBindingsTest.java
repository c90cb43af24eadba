package io.tinybpf.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfType;
import io.tinybpf.cli.Main;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.JavaTool;
import io.tinybpf.testing.Requires;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tinybpf generate --lang java} on every example object and on the C object full of types
 * Java cannot spell directly (unions, bit-fields, packed structs, enums, nested arrays): the
 * bindings compile with {@code -Xlint:all -Werror} against tinybpf; the records' FFM layouts equal
 * BTF's sizes and offsets; records decode and encode; the loaders work in the kernel; an object
 * whose types changed is refused.
 */
@Tag("tinygo")
@Tag("llvm")
class JavaBindingsTest {
    /** Generated and compiled once per JVM. */
    record Built(Path classes, Map<String, Path> objects) {}

    private static final io.tinybpf.testing.Once<Built> BUILT = new io.tinybpf.testing.Once<>("building the Java bindings");

    static Built module() throws Exception {
        return BUILT.get(JavaBindingsTest::build);
    }

    private static Built build() throws Exception {
        Examples.requireToolchain();
        Requires.clang();
        Path root = Files.createTempDirectory("tinybpf-javagen-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> io.tinybpf.util.AtomicFiles.deleteTree(root)));
        Map<String, Path> objects = new LinkedHashMap<>();
        for (String name : Examples.names()) objects.put(name, Examples.build(name).object());
        objects.put("layout", GenerateTest.compileLayoutFixture(root));
        Path src = Files.createDirectories(root.resolve("src"));
        for (var e : objects.entrySet()) {
            String pkg = "gen." + GoIdent.packageName(e.getKey(), "probe");
            String out = cli(0, "generate", "--lang", "java", "--package", pkg, "-o", src.toString(), e.getValue().toString());
            assertTrue(out.startsWith("wrote "), out);
        }
        for (String h : List.of("JavaLayout", "JavaStale", "JavaLive")) {
            Path to = Files.createDirectories(src.resolve("harness")).resolve(h + ".java");
            try (InputStream in = JavaBindingsTest.class.getResourceAsStream(h + ".java.txt")) {
                Files.write(to, in.readAllBytes());
            }
        }
        Path classes = Files.createDirectories(root.resolve("classes"));
        JavaTool.compile(src, classes);
        return new Built(classes, objects);
    }

    static String cli(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, "tinybpf " + String.join(" ", args) + ":\n" + text);
        return text;
    }

    static Map<String, String> keyValues(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : out.split("\n")) {
            int eq = l.indexOf('=');
            if (eq > 0) m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return m;
    }

    @Test
    void layoutsEqualBtfAndRecordsDecode() throws Exception {
        Built b = module();
        byte[] rec = new byte[28];
        java.nio.ByteBuffer.wrap(rec).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4242).putShort((short) 8080).putShort((short) 2)
                .put(new byte[] {127, 0, 0, 1}).put("curl".getBytes(StandardCharsets.US_ASCII));
        JavaTool.Result r = JavaTool.run(List.of(b.classes()), "harness.JavaLayout", 60, HexFormat.of().formatHex(rec));
        assertEquals(0, r.exit(), r.output());
        Map<String, String> kv = keyValues(r.output());

        Btf connect = btf(b.objects().get("tracepoint-connect"));
        BtfType.Struct ce = (BtfType.Struct) connect.resolve(connect.find("connectEvent", BtfType.Typedef.class).orElseThrow().id());
        assertEquals(Long.toString(ce.size()), kv.get("connect.size"), r.output());
        for (BtfType.Member m : ce.members()) assertEquals(Long.toString(m.bitOffset() / 8), kv.get("connect.offset." + m.name()), m.name());
        assertEquals("4242 8080 2 127.0.0.1 curl", kv.get("connect.decoded"));
        assertEquals("true", kv.get("connect.roundtrip"));
        assertEquals("true", kv.get("connect.short_rejected"), "a record must have the type's exact size");
        assertEquals("true", kv.get("connect.long_rejected"), "a record must have the type's exact size");

        Btf layout = btf(b.objects().get("layout"));
        BtfType.Struct ev = layout.find("event", BtfType.Struct.class).orElseThrow();
        assertEquals(Long.toString(ev.size()), kv.get("layout.size"), r.output());
        int named = 0;
        for (BtfType.Member m : ev.members()) {
            String off = kv.get("layout.offset." + m.name());
            if (off == null) continue; // bit-fields after the first share its bytes
            named++;
            assertEquals(Long.toString(m.bitOffset() / 8), off, "event." + m.name());
        }
        assertTrue(named >= ev.members().size() - 1, "all members but one bit-field are layout elements: " + r.output());
        assertEquals("true", kv.get("layout.roundtrip"));
    }

    @Test
    void loadersWorkInTheKernel() throws Exception {
        Built b = module();
        Requires.tracefs();
        List<String> args = new ArrayList<>();
        for (var e : Map.of("xdp", "xdp-blocklist", "lpm", "lpm-trie", "config", "rodata-config", "connect", "tracepoint-connect",
                "perf", "perf-event").entrySet()) {
            args.add(e.getKey() + "=" + b.objects().get(e.getValue()));
        }
        JavaTool.Result r = JavaTool.run(List.of(b.classes()), "harness.JavaLive", 120, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        for (String check : List.of("xdp typed map", "lpm record keys", "loader constants", "ring buffer records", "perf samples")) {
            assertTrue(r.output().contains("ok " + check + ":"), check + ":\n" + r.output());
        }
        assertTrue(!r.output().contains("FAIL"), r.output());
    }

    @Test
    void anObjectWhoseRecordTypeChangedIsRefused(@TempDir Path tmp) throws Exception {
        Built b = module();
        Path copy = Files.createDirectories(tmp.resolve("perf-event"));
        try (var files = Files.list(Examples.examplesDir().resolve("perf-event"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        Path go = copy.resolve("perf.go");
        String text = Files.readString(go);
        String changed = text.replace("type ppidEvent struct {\n", "type ppidEvent struct {\n\tAdded uint64\n");
        assertTrue(!changed.equals(text), "the example's record type is ppidEvent");
        Files.writeString(go, changed);
        Path rebuilt = tmp.resolve("perf.bpf.o");
        cli(0, "build", copy.toString(), "-o", rebuilt.toString());
        JavaTool.Result r = JavaTool.run(List.of(b.classes()), "harness.JavaStale", 60, rebuilt.toString());
        assertTrue(r.output().startsWith("StaleBindingsException: perf.bpf.o: record type of map events changed since these bindings were generated"),
                r.output());
        assertTrue(r.output().contains("regenerate with tinybpf generate"), r.output());
        // and the object it was generated from opens (no kernel needed to open)
        JavaTool.Result ok = JavaTool.run(List.of(b.classes()), "harness.JavaStale", 60, b.objects().get("perf-event").toString());
        assertEquals("opened", ok.output().strip());
    }

    @Test
    void usageErrors(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        String obj = Examples.build("rodata-config").object().toString();
        assertTrue(cli(2, "generate", "--lang", "java", obj).contains("--lang java needs --package"));
        assertTrue(cli(2, "generate", "--lang", "java", "--package", "9bad", obj).contains("is not a Java package name"));
        assertTrue(cli(2, "generate", "--lang", "java", "--package", "p", "--embed", obj).contains("--embed/--no-embed are for Go"));
        assertTrue(cli(2, "generate", "--lang", "rust", obj).contains("expected go or java"));
        assertTrue(cli(2, "generate", "--lang", "java", "--package", "p", "--name", "lower", obj).contains("not a Java class name"));
        // an explicit .java file must carry the class's name; stdout works
        assertTrue(cli(2, "generate", "--lang", "java", "--package", "p", "-o", tmp.resolve("X.java").toString(), obj)
                .contains("must be named RodataConfigBpf.java"));
        assertTrue(cli(0, "generate", "--lang", "java", "--package", "p", "-o", "-", obj).contains("public final class RodataConfigBpf"));
    }

    @Test
    void outputIsDeterministic(@TempDir Path tmp) throws Exception {
        Built b = module();
        Path obj = b.objects().get("layout");
        Path moved = Files.copy(obj, Files.createDirectories(tmp.resolve("elsewhere")).resolve(obj.getFileName()));
        String one = cli(0, "generate", "--lang", "java", "--package", "p", "-o", "-", obj.toString());
        String two = cli(0, "generate", "--lang", "java", "--package", "p", "-o", "-", moved.toString());
        assertEquals(one, two);
    }

    static Btf btf(Path obj) throws Exception {
        return Btf.parse(ElfFile.read(obj).section(".BTF").orElseThrow().contents());
    }
}
