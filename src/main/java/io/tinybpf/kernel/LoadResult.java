package io.tinybpf.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outcome of {@link BpfObject#load()}: one {@link VerifierReport} per program that libbpf submitted
 * (programs with autoload off are absent), in object order.
 *
 * @param object    object name
 * @param success   whether the whole object loaded
 * @param programs  per-program verifier reports
 * @param failed    name of the program whose load failed, or null (success, or a non-program failure)
 * @param errno     0 on success, else the positive errno of the failure (EACCES for a verifier rejection, ...)
 * @param libbpfLog libbpf's warnings/info during the load (empty when it had nothing to say)
 */
public record LoadResult(String object, boolean success, List<VerifierReport> programs, String failed, int errno,
                         String libbpfLog) {
    public LoadResult {
        programs = List.copyOf(programs);
        libbpfLog = libbpfLog == null ? "" : libbpfLog;
    }

    public Optional<VerifierReport> program(String name) {
        return programs.stream().filter(r -> r.program().equals(name)).findFirst();
    }

    /** The failing program's report, if a program failed. */
    public Optional<VerifierReport> failedProgram() {
        return failed == null ? Optional.empty() : program(failed);
    }

    /** Sum of "processed N insns" over the programs that reported it. */
    public long totalProcessedInsns() {
        return programs.stream().mapToLong(r -> Math.max(0, r.processedInsns())).sum();
    }

    private static final Pattern FAILED_PROG = Pattern.compile("prog '([^']+)': failed to load");
    private static final Pattern FAILED_PROG2 = Pattern.compile("prog '([^']+)': BPF program load failed");

    /**
     * Reads one {@code bpf_object__load} outcome: libbpf's return value, its messages and each
     * program's verifier log. Used for loads in this process and for loads the VM agent made with
     * the same libbpf, so both give the same verdicts.
     *
     * @param names         every program of the object, in object order
     * @param autoload      per program: whether libbpf was asked to load it
     * @param logs          per program: its verifier log ("" or null when none)
     * @param truncatedLogs per program: the overflowing log a stats-only reload replaced, or null
     */
    public static LoadResult assemble(String object, int err, List<String> names, boolean[] autoload, String[] logs,
                                      String[] truncatedLogs, String libbpfLog) {
        String failed = err != 0 ? failedProgram(libbpfLog, names, logs) : null;
        List<VerifierReport> reports = new ArrayList<>();
        boolean reachedFailure = false;
        for (int i = 0; i < names.size(); i++) {
            if (!autoload[i]) continue;
            String log = logs[i] == null ? "" : logs[i];
            boolean truncated = false;
            VerifierStats stats = VerifierStats.parse(log);
            if (truncatedLogs != null && truncatedLogs[i] != null && !truncatedLogs[i].isEmpty()) {
                truncated = true;
                log = truncatedLogs[i] + (log.isEmpty() ? "" : "\n-- stats-only reload --\n" + log);
            }
            boolean accepted;
            if (err == 0) {
                accepted = true;
            } else if (failed != null) {
                boolean isFailed = names.get(i).equals(failed);
                accepted = !reachedFailure && !isFailed && !log.isEmpty();
                if (isFailed) reachedFailure = true;
            } else {
                accepted = false;
            }
            reports.add(new VerifierReport(names.get(i), accepted, log, truncated, stats));
        }
        return new LoadResult(object, err == 0, reports, failed, -err, libbpfLog);
    }

    /** The program libbpf names as failed, else the last one with a log; null when none. */
    static String failedProgram(String libbpfLog, List<String> names, String[] logs) {
        Matcher m = FAILED_PROG.matcher(libbpfLog == null ? "" : libbpfLog);
        if (m.find()) return m.group(1);
        if ((m = FAILED_PROG2.matcher(libbpfLog == null ? "" : libbpfLog)).find()) return m.group(1);
        for (int i = logs.length - 1; i >= 0; i--) {
            if (logs[i] != null && !logs[i].isEmpty()) return names.get(i);
        }
        return null;
    }
}
