package io.tinybpf.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the verifier spent its work, per source line: read from a {@link Bpf#LOG_LEVEL2} log, in
 * which the verifier prints every instruction each time it processes it ({@code 12: (61) r1 =
 * ...}), every pruned instruction ({@code 9: safe}), every branch it resumes ({@code from 21 to
 * 9:}), and, before an instruction whose BTF line info differs from the last one it printed, that
 * line ({@code ; h ^= uint32(buf[i]) @ hash.go:44}).
 *
 * <p>Every processed instruction is counted once — the instruction lines plus the pruned ones,
 * which is exactly the verifier's "processed N insns" when the log is complete — and charged to
 * the source line of its instruction index. That index-to-line map is built from the whole log
 * first, because a pruned or resumed instruction is printed without its line. A <em>state</em>
 * here is one branch the verifier pushed and later resumed ("from X to Y"), charged to the line
 * of Y, where the exploration restarts; loops and data-dependent branches multiply them.
 *
 * @param program        the program
 * @param processedInsns the verifier's own "processed N insns" (-1 when the log lacks it)
 * @param countedInsns   the instructions counted here (equal to processedInsns for a complete log)
 * @param states         the branch states counted here
 * @param truncated      the log did not fit: the counts cover the part the kernel kept (the end)
 * @param lines          per source line, costliest first (ties: file, then line); instructions
 *                       without line info are one entry with a null file
 */
public record VerifierProfile(String program, int processedInsns, long countedInsns, long states, boolean truncated, List<Line> lines) {
    public VerifierProfile {
        lines = List.copyOf(lines);
    }

    /**
     * One source line's cost.
     *
     * @param file   the file as BTF line info names it (relative to the package for tinybpf
     *               builds), or null for instructions without line info
     * @param line   1-based line, 0 without line info
     * @param source the line's text as the verifier printed it (leading spaces removed)
     * @param insns  processed instructions charged to the line
     * @param states branch states resumed at the line
     */
    public record Line(String file, int line, String source, long insns, long states) {
        /** {@code hash.go:44}, or {@code (no line info)}. */
        public String where() {
            return file == null ? "(no line info)" : file + ":" + line;
        }
    }

    private static final Pattern SOURCE = Pattern.compile("^; (.*) @ (\\S+):(\\d+)$");
    private static final Pattern INSN = Pattern.compile("^(\\d+): \\([0-9a-f]{2}\\)");
    private static final Pattern SAFE = Pattern.compile("^(\\d+): safe\\s*$");
    private static final Pattern FROM = Pattern.compile("^from (\\d+) to (\\d+)(?: \\(speculative execution\\))?:( safe)?");

    /** Profiles one program's log (level 2 for a full profile; a level-1 log gives the failing path only). */
    public static VerifierProfile parse(String program, String log, boolean truncated) {
        VerifierStats stats = VerifierStats.parse(log);
        String[] text = log == null ? new String[0] : log.split("\n");
        // pass 1: instruction index -> the source line printed last before it
        Map<Integer, Integer> lineOf = new HashMap<>();
        List<String[]> sources = new ArrayList<>(); // file, line, text
        Map<String, Integer> sourceIds = new HashMap<>();
        int current = -1;
        for (String l : text) {
            Matcher m = SOURCE.matcher(l);
            if (m.matches()) {
                String key = m.group(2) + ":" + m.group(3);
                Integer id = sourceIds.get(key);
                if (id == null) {
                    id = sources.size();
                    sourceIds.put(key, id);
                    sources.add(new String[] {m.group(2), m.group(3), m.group(1).strip()});
                }
                current = id;
                continue;
            }
            m = INSN.matcher(l);
            if (m.find() && current >= 0) lineOf.putIfAbsent(Integer.parseInt(m.group(1)), current);
        }
        // pass 2: count
        long[] insns = new long[sources.size() + 1]; // the last slot: no line info
        long[] states = new long[sources.size() + 1];
        int none = sources.size();
        long counted = 0, branches = 0;
        for (String l : text) {
            Matcher m = INSN.matcher(l);
            if (m.find()) {
                insns[lineOf.getOrDefault(Integer.parseInt(m.group(1)), none)]++;
                counted++;
                continue;
            }
            m = SAFE.matcher(l);
            if (m.matches()) {
                insns[lineOf.getOrDefault(Integer.parseInt(m.group(1)), none)]++;
                counted++;
                continue;
            }
            m = FROM.matcher(l);
            if (m.find()) {
                int at = lineOf.getOrDefault(Integer.parseInt(m.group(2)), none);
                states[at]++;
                branches++;
                if (m.group(3) != null) { // pruned on arrival: processed, and printed on this line only
                    insns[at]++;
                    counted++;
                }
            }
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i <= none; i++) {
            if (insns[i] == 0 && states[i] == 0) continue;
            if (i == none) out.add(new Line(null, 0, "(no line info)", insns[i], states[i]));
            else out.add(new Line(sources.get(i)[0], Integer.parseInt(sources.get(i)[1]), sources.get(i)[2], insns[i], states[i]));
        }
        out.sort(Comparator.comparingLong(Line::insns).reversed().thenComparing(x -> x.file() == null ? "\uffff" : x.file())
                .thenComparingInt(Line::line));
        return new VerifierProfile(program, stats.processedInsns(), counted, branches, truncated, out);
    }

    /**
     * Each line's share of the counted instructions in tenths of a percent, rounded so that the
     * shares add up to exactly 1000 (largest remainder): what the reports print as {@code 41.2 %}.
     * In {@link #lines()} order; empty when nothing was counted.
     */
    public List<Integer> sharesPermille() {
        List<Integer> out = new ArrayList<>();
        if (countedInsns == 0) return out;
        long[] floor = new long[lines.size()];
        long[] rem = new long[lines.size()];
        long given = 0;
        for (int i = 0; i < lines.size(); i++) {
            long scaled = lines.get(i).insns() * 1000;
            floor[i] = scaled / countedInsns;
            rem[i] = scaled % countedInsns;
            given += floor[i];
        }
        Integer[] order = new Integer[lines.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int k = 0; k < 1000 - given; k++) floor[order[k % order.length]]++;
        for (long f : floor) out.add((int) f);
        return out;
    }

    /** Instructions and states per file and line, for rendering a source file. */
    public Map<String, Map<Integer, Line>> byFile() {
        Map<String, Map<Integer, Line>> out = new LinkedHashMap<>();
        for (Line l : lines) if (l.file() != null) out.computeIfAbsent(l.file(), f -> new HashMap<>()).put(l.line(), l);
        return out;
    }
}
