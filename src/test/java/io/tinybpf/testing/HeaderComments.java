package io.tinybpf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code // key: value} lines before a Go file's {@code package} clause, in order: how the
 * Go-construct matrix and the code benchmark describe each case in its own {@code main.go}.
 */
public final class HeaderComments {
    private HeaderComments() {}

    public static List<Map.Entry<String, String>> read(Path goFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(goFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("package ")) break;
            if (!line.startsWith("// ")) continue;
            String body = line.substring(3);
            int colon = body.indexOf(": ");
            if (colon < 0) continue;
            out.add(Map.entry(body.substring(0, colon), body.substring(colon + 2).strip()));
        }
        return out;
    }
}
