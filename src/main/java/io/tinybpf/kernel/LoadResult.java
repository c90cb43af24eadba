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
 * @param libbpfLog libbpf's warnings/info during the load (empty when it had nothing to say)
 */
public record LoadResult(String object, boolean success, List<VerifierReport> programs, String failed, String libbpfLog) {
    public LoadResult {
        programs = List.copyOf(programs);
        libbpfLog = libbpfLog == null ? "" : libbpfLog;
    }

    public Optional<VerifierReport> program(String name) {
        return programs.stream().filter(r -> r.program().equals(name)).findFirst();
    }

    /** Sum of "processed N insns" over the programs that reported it. */
    public long totalProcessedInsns() {
        return programs.stream().mapToLong(r -> Math.max(0, r.processedInsns())).sum();
    }
}
