package io.tinybpf.kernel;

import java.util.List;
import java.util.Optional;

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
}
