package io.tinybpf.util;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations, as the original tool's flags take them: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 2h}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    /** Parses a positive duration; a bare number means seconds. */
    public static Duration parse(String s) {
        String t = s.strip();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            long v = Long.parseLong(t);
            if (v <= 0) throw new IllegalArgumentException("duration must be positive, got \"" + s + "\"");
            return Duration.ofSeconds(v);
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        double ms = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            ms += switch (m.group(2)) {
                case "ms" -> v;
                case "s" -> v * 1000;
                case "m" -> v * 60_000;
                default -> v * 3_600_000;
            };
            pos = m.end();
        }
        if (t.isEmpty() || pos != t.length()) throw new IllegalArgumentException("invalid duration \"" + s + "\" (examples: 500ms, 30s, 1m30s)");
        if (ms <= 0) throw new IllegalArgumentException("duration must be positive, got \"" + s + "\"");
        return Duration.ofMillis((long) ms);
    }
}
