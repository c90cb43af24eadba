package io.tinybpf.util;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations, as the original tool's flags take them: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 2h}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,9})?)(ms|s|m|h)");

    private Durations() {}

    /** The longest duration accepted: a timeout beyond a week is a typo, and millisecond arithmetic must not overflow. */
    public static final Duration MAX = Duration.ofDays(7);

    /** Parses a positive duration of at most {@link #MAX}; a bare number means seconds. */
    public static Duration parse(String s) {
        String t = s.strip();
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (t.replaceFirst("^0+", "").length() > 12) throw tooLong(s);
            long v = Long.parseLong(t);
            if (v <= 0) throw new IllegalArgumentException("duration must be positive, got \"" + s + "\"");
            return bounded(Duration.ofSeconds(v), s);
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
        if (ms < 1) throw new IllegalArgumentException("duration must be at least 1ms, got \"" + s + "\"");
        if (!(ms <= MAX.toMillis())) throw tooLong(s);
        return Duration.ofMillis((long) ms);
    }

    private static Duration bounded(Duration d, String s) {
        if (d.compareTo(MAX) > 0) throw tooLong(s);
        return d;
    }

    private static IllegalArgumentException tooLong(String s) {
        return new IllegalArgumentException("duration \"" + s + "\" is longer than the maximum of 7 days (168h)");
    }
}
