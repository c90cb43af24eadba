package io.tinybpf.transform;

import io.tinybpf.ir.Module;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inputs of {@code tinybpf link} for the pass tests: C fixtures (src/test/resources/io/tinybpf/link)
 * compiled by the real clang to LLVM assembly, as a user hands them over, and the context the link
 * pipeline gives the passes (no source root, {@link TransformOptions.Mode#LINK}).
 */
final class LinkFixtures {
    private LinkFixtures() {}

    private static final Map<String, String> compiled = new HashMap<>();

    /** clang's IR of {@code link/<name>.c} ({@code -O2 -g -target bpf}, as the project's C fixtures). */
    static synchronized Module clangIr(String name) {
        String ir = compiled.computeIfAbsent(name, LinkFixtures::compile);
        return PassHarness.parse(ir);
    }

    private static String compile(String name) {
        try {
            Path dir = Files.createTempDirectory("tinybpf-link-fixture-");
            try {
                Path src = dir.resolve(name + ".c");
                try (InputStream in = LinkFixtures.class.getResourceAsStream("/io/tinybpf/link/" + name + ".c")) {
                    if (in == null) throw new IllegalStateException("no fixture link/" + name + ".c");
                    Files.write(src, in.readAllBytes());
                }
                Path ll = dir.resolve(name + ".ll");
                Requires.compileBpf(src, ll, "-S", "-emit-llvm");
                return Files.readString(ll);
            } finally {
                io.tinybpf.util.AtomicFiles.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code library} fixture in link mode, with every pass before {@code pass} run on it. */
    static TransformContext libraryBefore(Class<? extends Pass> pass) {
        TransformContext ctx = linkContext(clangIr("library"), Map.of());
        PassHarness.runBefore(ctx, pass);
        return ctx;
    }

    /** The context {@code tinybpf link} gives the passes. */
    static TransformContext linkContext(Module m, Map<String, String> sections) {
        return linkContext(m, List.of(), sections);
    }

    static TransformContext linkContext(Module m, List<String> programs, Map<String, String> sections) {
        return new TransformContext(m, new TransformOptions(programs, sections, "GPL", null, null, TransformOptions.Mode.LINK));
    }
}
