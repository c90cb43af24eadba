package io.tinybpf.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.TinyBpf;
import io.tinybpf.config.ProjectConfig;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.pipeline.BuildResult;
import io.tinybpf.toolchain.ToolLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Builds the examples with the real TinyGo and LLVM (once per test JVM, shared by every suite),
 * keeping the intermediates so tests can look at TinyGo's IR, the transformed and optimized IR,
 * and the object.
 */
public final class Examples {
    private Examples() {}

    /** One built example. */
    public record Built(String name, Path dir, Path object, Path work, BuildResult result, List<Diagnostic> warnings) {
        public Path tinygoIr() {
            return work.resolve("program.ll");
        }

        public Path transformedIr() {
            return work.resolve("02-transformed.ll");
        }

        public Path optimizedIr() {
            return work.resolve("03-optimized.ll");
        }
    }

    private static final Map<String, Built> BUILT = new ConcurrentHashMap<>();
    private static Path scratch;

    public static Path examplesDir() {
        return Requires.repo().resolve("examples");
    }

    /** Names of all examples (directories with a tinybpf.json). */
    public static List<String> names() {
        try (Stream<Path> s = Files.list(examplesDir())) {
            return s.filter(d -> Files.exists(d.resolve(ProjectConfig.FILE_NAME))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Copies an example's files into {@code dir}; the SDK stays where it is (the relative
     * {@code replace tinybpf.io/sdk => ../../sdk} of its go.mod becomes absolute).
     */
    public static void copy(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(examplesDir().resolve(name))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) Files.copy(p, dir.resolve(p.getFileName()));
        }
        Path gomod = dir.resolve("go.mod");
        Files.writeString(gomod, Files.readString(gomod).replace("=> ../../sdk", "=> " + Requires.repo().resolve("sdk")));
    }

    /** Skips (fails in CI) unless TinyGo and LLVM are installed. */
    public static void requireToolchain() {
        boolean tinygo;
        try {
            tinygo = new ToolLocator(Map.of()).tinygo().isPresent();
        } catch (ToolLocator.LocateException e) {
            tinygo = false;
        }
        Requires.that(tinygo, "TinyGo (run scripts/setup tinygo)");
        Requires.llvmTool("llc");
        Requires.llvmTool("opt");
    }

    static synchronized Path scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("tinybpf-examples-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> io.tinybpf.util.AtomicFiles.deleteTree(scratch)));
        }
        return scratch;
    }

    /** Builds an example with its tinybpf.json (cached). */
    public static Built build(String name) {
        requireToolchain();
        return BUILT.computeIfAbsent(name, n -> doBuild(n, null));
    }

    /** Builds an example with an explicit opt profile (a fresh object; TinyGo's output comes from the run's cache). */
    public static Built build(String name, String profile) {
        requireToolchain();
        return doBuild(name, profile);
    }

    private static final Map<Path, Path> TINYGO_IR = new ConcurrentHashMap<>();

    /**
     * TinyGo's IR of any Go package (a test fixture), compiled once per test JVM: the real input
     * the transform sees. The rest of the build may fail; only TinyGo has to succeed.
     */
    public static Path tinygoIr(Path packageDir) {
        requireToolchain();
        return TINYGO_IR.computeIfAbsent(packageDir.toAbsolutePath().normalize(), dir -> {
            try {
                Path work = Files.createTempDirectory(scratch(), "ir-");
                BuildRequest req = BuildRequest.builder().packageDir(dir).output(work.resolve("out.o")).tmpDir(work)
                        .out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).cache(false).build();
                try {
                    TinyBpf.build(req, new Reporter());
                } catch (BuildException e) {
                    if (!Files.isRegularFile(work.resolve("program.ll"))) fail("TinyGo could not compile " + dir + ":\n" + e.format());
                }
                return work.resolve("program.ll");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Built doBuild(String name, String profile) {
        Path dir = examplesDir().resolve(name);
        try {
            ProjectConfig cfg = ProjectConfig.load(dir.resolve(ProjectConfig.FILE_NAME));
            Path out = scratch().resolve(name + (profile == null ? "" : "-" + profile));
            Files.createDirectories(out);
            Path work = out.resolve("work");
            BuildRequest.Builder b = BuildRequest.builder().packageDir(dir).output(out.resolve(name + ".bpf.o")).tmpDir(work)
                    .programs(List.copyOf(cfg.programs().keySet())).sections(cfg.programs())
                    .out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    // a cache private to this test run: every example goes through TinyGo once, and the
                    // other profiles reuse its IR (only opt and llc depend on the profile)
                    .cache(true).cacheDir(scratch().resolve("cache"));
            if (profile != null) b.optProfile(profile);
            Reporter reporter = new Reporter();
            BuildResult r = TinyBpf.build(b.build(), reporter);
            return new Built(name, dir, r.output(), work, r, reporter.diagnostics());
        } catch (BuildException e) {
            fail("building example " + name + (profile != null ? " (profile " + profile + ")" : "") + " failed:\n" + e.format());
            throw new AssertionError(e);
        } catch (IOException | ProjectConfig.ConfigException e) {
            throw new AssertionError(e);
        }
    }

}
