package io.tinybpf.transform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Go source for the few positions TinyGo's optimized IR loses (a {@code defer} statement
 * keeps no instruction of its own). Only lexical: comments, strings and runes are skipped, braces
 * are counted to stay inside the function.
 */
final class GoSource {
    private GoSource() {}

    /**
     * The line and column of the first statement starting with {@code keyword} in the function
     * whose {@code func} line is {@code funcLine}; null when the file cannot be read or has none.
     */
    static int[] statement(Path file, int funcLine, String keyword) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        int depth = 0;
        boolean opened = false, blockComment = false;
        for (int n = Math.max(0, funcLine - 1); n < lines.size(); n++) {
            String l = lines.get(n);
            boolean code = false;
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (blockComment) {
                    if (c == '*' && i + 1 < l.length() && l.charAt(i + 1) == '/') {
                        blockComment = false;
                        i++;
                    }
                    continue;
                }
                if (c == '/' && i + 1 < l.length() && l.charAt(i + 1) == '/') break;
                if (c == '/' && i + 1 < l.length() && l.charAt(i + 1) == '*') {
                    blockComment = true;
                    i++;
                    continue;
                }
                if (c == '"' || c == '\'' || c == '`') {
                    int end = l.indexOf(c, i + 1);
                    while (c != '`' && end > 0 && l.charAt(end - 1) == '\\') end = l.indexOf(c, end + 1);
                    i = end < 0 ? l.length() : end;
                    continue;
                }
                if (c == '{') {
                    depth++;
                    opened = true;
                } else if (c == '}') {
                    depth--;
                    if (opened && depth == 0) return null;
                } else if (!code && !Character.isWhitespace(c)) {
                    code = true;
                    if (opened && depth > 0 && l.startsWith(keyword, i)
                            && (i + keyword.length() == l.length() || !Character.isLetterOrDigit(l.charAt(i + keyword.length())))) {
                        return new int[] {n + 1, i + 1};
                    }
                }
            }
        }
        return null;
    }
}
