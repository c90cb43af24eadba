package io.tinybpf.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers parsed out of a verifier log's summary lines:
 * <pre>
 * verification time 41 usec
 * stack depth 8+0
 * processed 12 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 1
 * </pre>
 * The parser is deliberately tolerant: each field is looked up on its own (the last occurrence
 * wins) and is -1 (or an empty list) when the kernel did not print it, so reordered, extended or
 * shortened summary lines on other kernels still yield whatever they contain.
 *
 * @param processedInsns       "processed N insns" (-1 when absent)
 * @param insnLimit            "(limit N)"
 * @param maxStatesPerInsn     "max_states_per_insn N"
 * @param totalStates          "total_states N"
 * @param peakStates           "peak_states N"
 * @param markRead             "mark_read N"
 * @param verificationTimeUsec "verification time N usec" (needs log level {@link Bpf#LOG_STATS})
 * @param stackDepths          "stack depth A+B+C": one entry per subprogram, main program first
 *                             (needs {@link Bpf#LOG_STATS})
 */
public record VerifierStats(int processedInsns, int insnLimit, int maxStatesPerInsn, int totalStates, int peakStates,
                            int markRead, long verificationTimeUsec, List<Integer> stackDepths) {
    public VerifierStats {
        stackDepths = List.copyOf(stackDepths);
    }

    public static final VerifierStats NONE = new VerifierStats(-1, -1, -1, -1, -1, -1, -1, List.of());

    private static final Pattern PROCESSED = Pattern.compile("processed (\\d+) insns");
    private static final Pattern LIMIT = Pattern.compile("\\(limit (\\d+)\\)");
    private static final Pattern MAX_STATES = Pattern.compile("max_states_per_insn (\\d+)");
    private static final Pattern TOTAL_STATES = Pattern.compile("total_states (\\d+)");
    private static final Pattern PEAK_STATES = Pattern.compile("peak_states (\\d+)");
    private static final Pattern MARK_READ = Pattern.compile("mark_read (\\d+)");
    private static final Pattern TIME = Pattern.compile("verification time (\\d+) usec");
    private static final Pattern STACK = Pattern.compile("(?m)^stack depth ([0-9+ ]+)");

    /** Parses whatever summary fields {@code log} contains (null or empty → {@link #NONE}). */
    public static VerifierStats parse(String log) {
        if (log == null || log.isEmpty()) return NONE;
        List<Integer> depths = new ArrayList<>();
        String stack = last(STACK, log);
        if (stack != null) {
            for (String p : stack.trim().split("\\+")) {
                p = p.trim();
                if (!p.isEmpty()) {
                    try {
                        depths.add(Integer.parseInt(p));
                    } catch (NumberFormatException ignored) {
                        // tolerate odd formats
                    }
                }
            }
        }
        String time = last(TIME, log);
        return new VerifierStats(num(PROCESSED, log), num(LIMIT, log), num(MAX_STATES, log), num(TOTAL_STATES, log),
                num(PEAK_STATES, log), num(MARK_READ, log), time == null ? -1 : Long.parseLong(time), depths);
    }

    /** Stack depth of the main program in bytes, -1 when not reported. */
    public int stackDepth() {
        return stackDepths.isEmpty() ? -1 : stackDepths.getFirst();
    }

    /** Largest stack depth of any subprogram, -1 when not reported. */
    public int maxStackDepth() {
        return stackDepths.stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    private static int num(Pattern p, String log) {
        String s = last(p, log);
        if (s == null) return -1;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String last(Pattern p, String log) {
        Matcher m = p.matcher(log);
        String found = null;
        while (m.find()) found = m.group(1);
        return found;
    }
}
