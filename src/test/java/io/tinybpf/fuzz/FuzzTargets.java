package io.tinybpf.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every fuzz target: a name (its corpus directory under src/test/resources/fuzz), the class
 * Jazzer drives, JVM properties that select a variant, and the same entry point for replaying
 * the corpus in-process.
 */
public final class FuzzTargets {
    private FuzzTargets() {}

    /**
     * @param seeds the seed corpus it starts from ({@code src/test/resources/fuzz/seeds/<seeds>}); its own
     *              findings and minimized corpus live in {@code src/test/resources/fuzz/regressions/<name>}
     */
    public record Target(String name, String seeds, String className, List<String> properties, Consumer<byte[]> entry) {}

    public static List<Target> all() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("ir-parser", "ir", IrParserFuzz.class.getName(), List.of(), IrParserFuzz::fuzzerTestOneInput));
        t.add(new Target("transform", "ir", PassFuzz.class.getName(), List.of("-Dtinybpf.fuzz.pass=all"), d -> PassFuzz.run(-1, d)));
        // one target per pass, named after it (a pass that runs twice is fuzzed at its first run)
        List<io.tinybpf.transform.Pass> passes = io.tinybpf.transform.Transformer.passes();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < passes.size(); i++) {
            int idx = i;
            if (!seen.add(passes.get(i).name())) continue;
            t.add(new Target("pass-" + passes.get(i).name(), "ir", PassFuzz.class.getName(), List.of("-Dtinybpf.fuzz.pass=" + i),
                    d -> PassFuzz.run(idx, d)));
        }
        t.add(new Target("elf", "elf", ElfFuzz.class.getName(), List.of(), ElfFuzz::fuzzerTestOneInput));
        t.add(new Target("btf", "btf", BtfFuzz.class.getName(), List.of(), BtfFuzz::fuzzerTestOneInput));
        t.add(new Target("btf-ext", "btf-ext", BtfExtFuzz.class.getName(), List.of(), BtfExtFuzz::fuzzerTestOneInput));
        t.add(new Target("config", "config", ConfigFuzz.class.getName(), List.of(), ConfigFuzz::fuzzerTestOneInput));
        t.add(new Target("test-inputs", "test-inputs", io.tinybpf.cli.TestInputsFuzz.class.getName(), List.of(), io.tinybpf.cli.TestInputsFuzz::fuzzerTestOneInput));
        return t;
    }
}
