package io.tinybpf.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations, as the original tool's flags take them: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 2h}. */
final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    static Duration parse(String s) {
        String t = s.strip();
        if (t.isEmpty()) throw new IllegalArgumentException("empty duration");
        if (t.chars().allMatch(Character::isDigit)) return Duration.ofSeconds(Long.parseLong(t));
        Matcher m = PART.matcher(t);
        int pos = 0;
        double ms = 0;
        while (m.find()) {
            if (m.start() != pos) break;
            double v = Double.parseDouble(m.group(1));
            ms += switch (m.group(2)) {
                case "ms" -> v;
                case "s" -> v * 1000;
                case "m" -> v * 60_000;
                default -> v * 3_600_000;
            };
            pos = m.end();
        }
        if (pos != t.length()) throw new IllegalArgumentException("invalid duration \"" + s + "\" (examples: 500ms, 30s, 1m30s)");
        return Duration.ofMillis((long) ms);
    }
}
