package io.tinybpf.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.Main;
import io.tinybpf.codegen.GoIdent;
import io.tinybpf.config.ProjectConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tinybpf init} without a toolchain: names, file set, config, refusal to overwrite. */
class ScaffoldTest {
    @TempDir
    Path dir;

    @Test
    void namesFromAHyphenatedName() throws Exception {
        Scaffold.Names n = Scaffold.names("my-probe", null);
        assertEquals("my_probe", n.function());
        assertEquals("myprobe", n.goPackage());
        assertEquals("my-probe", n.fileStem());
        assertEquals("MyProbe", n.prefix());
        assertEquals("my-probe", n.module());
        assertEquals("MyProbe", n.programField());
        assertEquals("build/my-probe.bpf.o", n.objectPath());
        assertEquals("internal/myprobe/my-probe_bpf.go", n.bindingsFile());
        assertEquals("my-probe/internal/myprobe", n.importPath());
    }

    /** The repository's SDK, which a build from source finds beside its classes. */
    static final Path SDK = io.tinybpf.testing.Requires.repo().resolve("sdk").toAbsolutePath().normalize();

    @Test
    void everyNameIsValidWhateverTheInput() throws Exception {
        for (String name : List.of("my-probe", "My Probe!", "9lives", "x_test", "probe_linux", "main", "type", "func", "events",
                "link", "len", "close", "ebpf", "a.b.c", "ünïcode-name", "UPPER")) {
            Scaffold.Names n = Scaffold.names(name, null);
            assertTrue(GoIdent.isIdentifier(n.function()) && !GoIdent.KEYWORDS.contains(n.function()), name + ": " + n.function());
            assertFalse(Scaffold.BPF_RESERVED.contains(n.function()) || Scaffold.PREDECLARED.contains(n.function()), name);
            assertTrue(GoIdent.isIdentifier(n.goPackage()) && n.goPackage().equals(n.goPackage().toLowerCase()), name + ": " + n.goPackage());
            assertFalse(n.goPackage().equals("main") || Scaffold.MAIN_RESERVED.contains(n.goPackage()), name + ": " + n.goPackage());
            assertTrue(GoIdent.isExported(n.prefix()), name + ": " + n.prefix());
            assertTrue(n.module().matches("[a-z0-9][a-z0-9.-]*"), name + ": " + n.module());
            assertTrue(n.fileStem().matches("[a-z0-9]+(-[a-z0-9]+)*"), name + ": " + n.fileStem());
            for (String f : Scaffold.files(n, SDK).keySet()) {
                // a _test.go file is meant to be one: what comes before the suffix must not constrain it further
                String base = Path.of(f).getFileName().toString().replaceFirst("_test\\.go$", ".go");
                if (f.endsWith(".go")) assertFalse(GoIdent.hasConstrainingSuffix(base), name + ": " + f);
            }
        }
        assertEquals("main_prog", Scaffold.names("main", null).function());
        assertEquals("mainprobe", Scaffold.names("main", null).goPackage());
        assertEquals("type_prog", Scaffold.names("type", null).function());
        assertEquals("linkprobe", Scaffold.names("link", null).goPackage());
        assertEquals("events_prog", Scaffold.names("events", null).function());
        assertEquals("p_9lives", Scaffold.names("9lives", null).function());
        assertEquals("probe9lives", Scaffold.names("9lives", null).goPackage());
        assertEquals("F9lives", Scaffold.names("9lives", null).prefix());
        assertEquals("x-test", Scaffold.names("x_test", null).fileStem());
        assertThrows(Scaffold.ScaffoldException.class, () -> Scaffold.names("---", null));
        assertThrows(Scaffold.ScaffoldException.class, () -> Scaffold.names("ok", "../evil"));
        assertThrows(Scaffold.ScaffoldException.class, () -> Scaffold.names("ok", "a b"));
        assertEquals("github.com/you/my-probe/internal/myprobe", Scaffold.names("my-probe", "github.com/you/my-probe").importPath());
    }

    @Test
    void filesAreConsistentWithEachOther() throws Exception {
        Scaffold.Names n = Scaffold.names("my-probe", null);
        Map<String, String> f = Scaffold.files(n, SDK);
        assertEquals(List.of("go.mod", "go.sum", "tinybpf.json", "bpf/my-probe.go", "bpf/my-probe_test.go", "bpf/tracepoint_types.go",
                "gen.go", "main.go", "README.md", ".gitignore"), List.copyOf(f.keySet()));
        String gomod = f.get("go.mod");
        assertTrue(gomod.contains("module my-probe\n") && gomod.contains("github.com/cilium/ebpf v0.20.0"), gomod);
        assertTrue(gomod.contains("\ttinybpf.io/sdk v0.1.0\n") && gomod.contains("\nreplace tinybpf.io/sdk => " + SDK + "\n"), gomod);
        // go build works without go mod tidy: the sums are the compatibility module's, which tidy wrote
        assertEquals(java.nio.file.Files.readString(io.tinybpf.testing.Requires.repo().resolve("src/test/go/ciliumcompat/go.sum")), f.get("go.sum"));
        assertTrue(gomod.contains("require golang.org/x/sys " + Scaffold.X_SYS_VERSION + " // indirect"), gomod);
        String bpf = f.get("bpf/my-probe.go");
        assertTrue(!bpf.contains("//go:build") && bpf.contains("import \"tinybpf.io/sdk/bpf\"\n")
                && bpf.contains("//export my_probe\nfunc my_probe(ctx *SchedProcessExecArgs) int32"), bpf);
        assertTrue(bpf.contains("bpf.RingBuf[execEvent]{MaxEntries: 1 << 18}") && bpf.contains("bpf.HashMap[uint32, uint64]{MaxEntries: 1024}"), bpf);
        assertFalse(bpf.contains("unsafe") || java.util.regex.Pattern.compile("(?m)^func bpf").matcher(bpf).find(), "no hand-declared helpers");
        assertTrue(f.get("bpf/tracepoint_types.go").contains("type SchedProcessExecArgs struct {"), f.get("bpf/tracepoint_types.go"));
        assertTrue(f.get("bpf/my-probe_test.go").contains("bpftest.Run(my_probe, ctx)"));
        assertTrue(f.get("gen.go").contains("//go:generate tinybpf build ./bpf\n"));
        assertTrue(f.get("gen.go").contains("//go:generate tinybpf generate build/my-probe.bpf.o --embed --package myprobe --name MyProbe "
                + "--output internal/myprobe/my-probe_bpf.go\n"), f.get("gen.go"));
        String main = f.get("main.go");
        assertTrue(main.contains("package main\n") && main.contains("\"my-probe/internal/myprobe\""), main);
        assertTrue(main.contains("myprobe.LoadMyProbeObjects(&objs, nil)") && main.contains("objs.MyProbe,")
                && main.contains("myprobe.ReadMyProbeEvents(rd)"), main);

        Files.writeString(dir.resolve("tinybpf.json"), f.get("tinybpf.json"));
        ProjectConfig cfg = ProjectConfig.load(dir.resolve("tinybpf.json"));
        assertEquals(Map.of("my_probe", "tracepoint/sched/sched_process_exec"), cfg.programs());
    }

    @Test
    void writesEverythingOrNothing() throws Exception {
        Scaffold.Names n = Scaffold.names("my-probe", null);
        Path target = dir.resolve("p");
        List<Path> written = Scaffold.write(target, n, SDK);
        assertEquals(Scaffold.files(n, SDK).size(), written.size());
        String before = Files.readString(target.resolve("main.go"));
        Files.writeString(target.resolve("main.go"), "// mine\n");
        Scaffold.ScaffoldException e = assertThrows(Scaffold.ScaffoldException.class, () -> Scaffold.write(target, n, SDK));
        assertTrue(e.getMessage().contains("refusing to overwrite") && e.getMessage().contains("main.go"), e.getMessage());
        assertEquals("// mine\n", Files.readString(target.resolve("main.go")), "untouched");
        assertFalse(before.isEmpty());

        // one existing file: none of the others is created
        Path other = dir.resolve("q");
        Files.createDirectories(other);
        Files.writeString(other.resolve("README.md"), "mine");
        e = assertThrows(Scaffold.ScaffoldException.class, () -> Scaffold.write(other, n, SDK));
        assertTrue(e.getMessage().contains("README.md"), e.getMessage());
        try (Stream<Path> s = Files.walk(other)) {
            assertEquals(List.of(other, other.resolve("README.md")), s.sorted().toList());
        }
        // an unrelated file in the directory is fine
        Path third = Files.createDirectories(dir.resolve("r"));
        Files.writeString(third.resolve("NOTES"), "x");
        assertEquals(Scaffold.files(n, SDK).size(), Scaffold.write(third, n, SDK).size());
    }

    @Test
    void initCommand() throws Exception {
        Path target = dir.resolve("proj");
        String out = run(0, "init", "my-probe", "--dir", target.toString(), "--no-build");
        assertTrue(out.contains("created " + target.resolve("main.go")) && out.contains("go generate ./..."), out);
        assertTrue(Files.readString(target.resolve("go.mod")).contains("replace tinybpf.io/sdk => " + SDK), "the SDK of this tree");
        assertTrue(run(2, "init", "other", "--dir", dir.resolve("y").toString(), "--sdk", dir.toString()).contains("is not the tinybpf Go SDK"));
        out = run(1, "init", "my-probe", "--dir", target.toString(), "--no-build");
        assertTrue(out.contains("refusing to overwrite"), out);
        assertTrue(run(2, "init", "!!!", "--dir", dir.resolve("x").toString()).contains("no letters or digits"));
        assertTrue(run(2, "init").contains("exactly one project name"));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    static String run(int expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(args, ps, ps);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expected, code, text);
        return text;
    }
}
