package io.tinybpf.bench;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Access to the code-quality benchmark's programs (bench/code) for tests in other packages. */
public final class BenchCases {
    private BenchCases() {}

    private static BenchCase of(String name) {
        return BenchCase.parse(BenchCase.root(Requires.repo()).resolve(name));
    }

    /** The programs of case {@code name} and their sections. */
    public static Map<String, String> programs(String name) {
        return of(name).programs();
    }

    /** Case {@code name}'s Go program as a module under {@code parent} (main.go, a go.mod and the !tinygo stub). */
    public static Path materialize(String name, Path parent) throws IOException {
        return of(name).materialize(parent);
    }
}
