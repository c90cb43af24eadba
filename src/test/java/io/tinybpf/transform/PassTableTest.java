package io.tinybpf.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/architecture.md's pass table is Transformer's list, and every pass has a test class of its own. */
class PassTableTest {
    /** The pass names of the table's rows ({@code | 3 | `sdk-calls` | ...}), in order. */
    static List<String> documented() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Requires.repo().resolve("docs/architecture.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length > 3 && cells[1].strip().matches("\\d+") && cells[2].strip().startsWith("`")) {
                out.add(cells[2].strip().replace("`", ""));
            }
        }
        return out;
    }

    @Test
    void theArchitectureDocumentListsThePassesInTheirOrder() throws IOException {
        assertEquals(Transformer.passes().stream().map(Pass::name).toList(), documented());
    }

    @Test
    void everyPassHasItsOwnTestClass() {
        Path tests = Requires.repo().resolve("src/test/java/io/tinybpf/transform");
        TreeSet<String> missing = new TreeSet<>();
        for (Pass p : Transformer.passes()) {
            // a pass made by a class of several (SdkCalls' calls and table) is tested under that class's name
            Class<?> c = p.getClass().isAnonymousClass() || p.getClass().getEnclosingClass() != null
                    ? p.getClass().getEnclosingClass() : p.getClass();
            if (!Files.isRegularFile(tests.resolve(c.getSimpleName() + "Test.java"))) missing.add(c.getSimpleName() + " (" + p.name() + ")");
        }
        assertEquals(new TreeSet<>(), missing, "passes without a test class");
    }
}
