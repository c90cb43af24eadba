package io.tinybpf.constructs;

import java.io.IOException;
import java.nio.file.Path;

/** Access to the construct matrix for tests in other packages. */
public final class Constructs {
    private Constructs() {}

    /** Case {@code name} as a Go module under {@code parent} (its files, a go.mod and the !tinygo stub). */
    public static Path materialize(String name, Path parent) throws IOException {
        return Construct.parse(Construct.root().resolve(name)).materialize(parent);
    }
}
