package io.tinybpf.constructs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matrix's shape and the docs table generated from it (no toolchain needed). */
class ConstructsTableTest {
    static final String BEGIN = "<!-- constructs:begin -->", END = "<!-- constructs:end -->";

    @Test
    void theMatrixIsLargeAndEveryCaseChecksSomething() throws IOException {
        List<Construct> all = Construct.all();
        assertTrue(all.size() >= 60, all.size() + " constructs");
        for (Construct c : all) {
            assertTrue(c.error() != null || !c.runs().isEmpty(), c.name() + " checks neither an error nor a behaviour");
            assertNotNull(c.category(), c.name() + " has no category");
        }
    }

    @Test
    void theDocsTableIsGeneratedFromTheMatrix() throws IOException {
        Path docs = Requires.repo().resolve("docs/writing-programs.md");
        String doc = Files.readString(docs);
        String table = Construct.table(Construct.all());
        int b = doc.indexOf(BEGIN), e = doc.indexOf(END);
        if (Boolean.getBoolean("constructs.update") && b >= 0 && e > b) {
            Files.writeString(docs, doc.substring(0, b + BEGIN.length()) + "\n" + table + doc.substring(e));
            return;
        }
        assertTrue(b >= 0 && e > b && doc.substring(b + BEGIN.length(), e).strip().equals(table.strip()),
                "docs/writing-programs.md does not hold the current table between " + BEGIN + " and " + END
                        + "; regenerate it with scripts/constructs-table");
    }
}
