package io.tinybpf.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Round-trips every module of the clang corpus (scripts/fetch-corpus: Debian's musl sources
 * compiled by clang-22 at -O0 and -O2) and checks that the structure the passes rely on is found.
 */
@Tag("llvm")
class CorpusRoundTripTest {
    static Path corpusDir() {
        String prefix = System.getenv().getOrDefault("TINYBPF_PREFIX", "/opt/tinybpf");
        Path base = Path.of(prefix, "corpus");
        try (Stream<Path> s = Files.exists(base) ? Files.list(base) : Stream.empty()) {
            return s.filter(p -> Files.exists(p.resolve(".complete"))).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void clangCorpusRoundTripsByteForByte() throws Exception {
        Path dir = corpusDir();
        Requires.that(dir != null, "clang IR corpus (run scripts/setup corpus)");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".ll")).sorted().toList();
        }
        assertTrue(files.size() >= 200, "corpus has " + files.size() + " modules, need >= 200");
        List<String> failures = new ArrayList<>();
        long lines = 0;
        for (Path f : files) {
            String src = Files.readString(f);
            lines += src.lines().count();
            try {
                Module m = Module.parse(src);
                if (!src.equals(m.print())) failures.add(f.getFileName() + ": printed text differs");
                io.tinybpf.testing.IrStructure.check(f.getFileName().toString(), src, m, failures);
            } catch (IrParseException | RuntimeException e) {
                failures.add(f.getFileName() + ": " + e);
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " of " + files.size() + " modules failed:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        System.out.println("corpus: " + files.size() + " modules, " + lines + " lines round-tripped");
    }
}
