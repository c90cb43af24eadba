package io.tinybpf.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.GoTool;
import io.tinybpf.testing.Requires;
import io.tinybpf.transform.HelperTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go SDK (sdk/, module tinybpf.io/sdk): its generated helper layer is current and every
 * declaration names a kernel helper with the right arity; it passes go vet and its host tests;
 * the examples written with it vet and test on the host with no build tags, and their bpftest
 * tables also pass in the kernel.
 */
class SdkTest {
    static Path sdk() {
        return Requires.repo().resolve("sdk");
    }

    private static final Pattern DECL = Pattern.compile("^func (bpf\\w+)\\((.*)\\)(.*)$", Pattern.MULTILINE);

    @Test
    void everyHelperDeclarationIsAKernelHelperWithItsArity() throws Exception {
        String src = Files.readString(sdk().resolve("bpf/helpers_tinygo.go"));
        Matcher m = DECL.matcher(src);
        int n = 0;
        while (m.find()) {
            HelperTable.Helper h = HelperTable.get().byGoName(m.group(1));
            assertNotNull(h, m.group(1) + " is not a helper tinybpf knows");
            int params = m.group(2).isBlank() ? 0 : m.group(2).split(",").length;
            assertTrue(params >= h.minArgs() && params <= h.maxArgs(), m.group(1) + ": " + params + " parameters, bpf_" + h.kernel()
                    + " takes " + h.minArgs() + ".." + h.maxArgs());
            n++;
        }
        assertEquals(211, n, "one declaration per helper of the table (Linux 6.18)");
    }

    @Test
    @Tag("tinygo")
    void generatedHelperFilesAreCurrent() {
        Requires.that(Files.isRegularFile(Path.of("/usr/include/bpf/bpf_helper_defs.h")), "libbpf-dev's bpf_helper_defs.h (scripts/setup llvm)");
        GoTool.Result r = GoTool.run(sdk(), Map.of(), Duration.ofMinutes(3), "run", "./internal/cmd/genhelpers", "-check");
        assertEquals(0, r.exit(), "regenerate with scripts/gen-sdk-helpers:\n" + r.output());
    }

    @Test
    @Tag("tinygo")
    void sdkVetsAndPassesItsHostTests() {
        GoTool.ok(sdk(), "vet", "./...");
        GoTool.ok(sdk(), "test", "./...");
        assertEquals("", GoTool.gofmtList(sdk()), "gofmt-clean");
    }

    /** Examples written with the SDK (go.mod requires tinybpf.io/sdk). */
    static List<Path> sdkExamples() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String n : Examples.names()) {
            Path d = Examples.examplesDir().resolve(n);
            if (Files.readString(d.resolve("go.mod")).contains("tinybpf.io/sdk")) out.add(d);
        }
        return out;
    }

    @Test
    @Tag("tinygo")
    void sdkExamplesVetAndTestOnTheHostWithoutBuildTags() throws Exception {
        List<Path> ex = sdkExamples();
        assertTrue(ex.size() >= 12, "at least 12 examples use the SDK, found " + ex.size());
        for (Path d : ex) {
            for (Path f : Files.list(d).filter(p -> p.toString().endsWith(".go")).toList()) {
                assertTrue(!Files.readString(f).contains("//go:build"), f + " needs no build tag");
            }
            GoTool.ok(d, "vet", "./...");
            GoTool.ok(d, "test", "./...");
        }
    }

    /** A tinybpf command for bpftest's kernel runs: this test run's classes, not an installed CLI. */
    static Path cliWrapper(Path dir) throws Exception {
        Path w = dir.resolve("tinybpf");
        Files.writeString(w, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' --enable-native-access=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' io.tinybpf.cli.Main \"$@\"\n");
        w.toFile().setExecutable(true);
        return w;
    }

    @Test
    @Tag("tinygo")
    @Tag("kernel")
    void bpftestTablesAlsoPassInTheKernel(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Requires.kernel();
        Path tool = cliWrapper(tmp);
        for (Path d : List.of(Examples.examplesDir().resolve("xdp-blocklist"), Examples.examplesDir().resolve("socket-filter"),
                Requires.repo().resolve("src/test/resources/io/tinybpf/good/sdk-packets"),
                // TCP options read with Packet.At at run-time offsets (the SDK's bounds check kept in the verifier's form)
                Requires.repo().resolve("src/test/resources/io/tinybpf/good/sdk-tcp-options"))) {
            String n = d.getFileName().toString();
            String out = GoTool.ok(d, Map.of("TINYBPF_TEST_KERNEL", tool.toString(), "TINYBPF_CACHE_DIR", tmp.resolve("cache").toString()),
                    "test", "-count=1", "-v", "./...");
            assertTrue(out.contains("kernel: ") && out.contains("returned"), n + ": the kernel runs happened:\n" + out);
            assertTrue(!out.contains("--- FAIL"), out);
        }
    }
}
