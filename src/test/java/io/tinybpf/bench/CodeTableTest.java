package io.tinybpf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed code-quality figures are complete and are what the docs show (no toolchain needed). */
class CodeTableTest {
    @Test
    void figuresListEveryBenchmarkProgram() throws IOException {
        List<String> programs = new ArrayList<>();
        for (BenchCase b : BenchCase.all(Requires.repo())) programs.addAll(b.programs().keySet());
        List<String> figures = new ArrayList<>(CodeBench.readFigures(CodeBench.figuresFile(Requires.repo())).keySet());
        assertEquals(programs, figures, "bench/code/figures.tsv lists the benchmark's programs in order (scripts/bench-code --update)");
    }

    @Test
    void docsShowTheCommittedFigures() throws IOException {
        Path repo = Requires.repo();
        Map<String, String> covers = new java.util.HashMap<>();
        for (BenchCase b : BenchCase.all(repo)) for (String p : b.programs().keySet()) covers.put(p, b.covers());
        List<CodeBench.Row> rows = new ArrayList<>();
        for (CodeBench.Row r : CodeBench.readFigures(CodeBench.figuresFile(repo)).values()) {
            rows.add(new CodeBench.Row(r.bench(), r.program(), covers.getOrDefault(r.program(), ""), r.go(), r.c()));
        }
        String table = CodeBench.table(rows);
        for (String doc : List.of("README.md", "docs/performance.md")) {
            String text = Files.readString(repo.resolve(doc));
            assertEquals(CodeBench.replaceTable(text, table), text, doc + "'s code-quality table is the committed figures' (scripts/bench-code --update)");
        }
    }
}
