package io.tinybpf.kernel;

/**
 * One program's verification outcome: its full verifier log and the parsed summary.
 *
 * @param program   program name
 * @param accepted  whether the verifier accepted it (a program accepted before another program of
 *                  the same object failed is unloaded again by libbpf, but still reports true)
 * @param log       the verifier log as the kernel wrote it (empty when logging was off or the
 *                  program was never submitted)
 * @param truncated true when the log did not fit the largest buffer allowed: {@code log} then holds
 *                  what the kernel kept (on 6.4+ the <em>end</em> of the log, with the summary)
 * @param stats     numbers parsed from the log's summary lines
 */
public record VerifierReport(String program, boolean accepted, String log, boolean truncated, VerifierStats stats) {
    public VerifierReport {
        log = log == null ? "" : log;
        stats = stats == null ? VerifierStats.NONE : stats;
    }

    public static VerifierReport of(String program, boolean accepted, String log, boolean truncated) {
        return new VerifierReport(program, accepted, log, truncated, VerifierStats.parse(log));
    }

    /** "processed N insns", -1 when the log did not say. */
    public int processedInsns() {
        return stats.processedInsns();
    }

    /** Main-program stack depth, -1 when the log did not say (needs {@link Bpf#LOG_STATS}). */
    public int stackDepth() {
        return stats.stackDepth();
    }

    /**
     * For a rejected program, the verifier's complaint: the lines it printed after the last
     * instruction it looked at, e.g.
     * <pre>
     * invalid access to map value, value_size=8 off=64 size=8
     * R1 min value is outside of the allowed memory range
     * </pre>
     * (without the summary lines). A log without instruction trace ({@link Bpf#LOG_STATS} only)
     * gives its last (up to five) message lines; an empty log gives null.
     */
    public String complaint() {
        return complaintOf(log);
    }

    private static final java.util.regex.Pattern INSN_LINE = java.util.regex.Pattern.compile("^\\d+: \\(");

    static String complaintOf(String log) {
        if (log == null || log.isBlank()) return null;
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String l : log.split("\n")) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("processed ") || t.startsWith("verification time")
                    || t.startsWith("stack depth") || t.startsWith("-- END")) {
                continue;
            }
            lines.add(t);
        }
        if (lines.isEmpty()) return null;
        int lastInsn = -1;
        for (int i = 0; i < lines.size(); i++) if (INSN_LINE.matcher(lines.get(i)).find()) lastInsn = i;
        if (lastInsn == lines.size() - 1) return lines.getLast();
        if (lastInsn < 0) { // a stats-only log: just the messages, keep the last few
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        }
        return String.join("\n", lines.subList(lastInsn + 1, lines.size()));
    }

    /** The last {@code n} non-empty lines of {@code text}. */
    static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - n);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
