package io.tinybpf.bpf;


import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * libbpf's ELF section-name conventions (libbpf 1.x {@code section_defs}): the rows of every
 * {@link ProgramKind}, matched as libbpf does (the first matching row wins).
 */
public final class SectionNames {
    private SectionNames() {}

    private static final List<SectionDef> DEFS;
    private static final Set<String> KINDS;

    static {
        // libbpf's first-match order only matters between rows of which one is a path prefix of the
        // other (xdp/devmap and xdp), and those are within one kind; SectionNamesTest checks it.
        List<SectionDef> d = new ArrayList<>();
        for (ProgramKind k : ProgramKind.values()) d.addAll(k.sections());
        DEFS = List.copyOf(d);
        TreeSet<String> kinds = new TreeSet<>();
        for (SectionDef def : DEFS) kinds.add(def.kind());
        KINDS = Collections.unmodifiableSortedSet(kinds);
    }

    /** Every row, in libbpf's matching order. */
    public static List<SectionDef> all() {
        return DEFS;
    }

    /** The row libbpf would pick for an ELF section name, if any. */
    public static Optional<SectionDef> resolve(String section) {
        for (SectionDef def : DEFS) {
            if (def.matches(section)) return Optional.of(def);
        }
        return Optional.empty();
    }

    /** All kind families, sorted (the accepted values of {@code --program-type}). */
    public static Set<String> kinds() {
        return KINDS;
    }

    /**
     * Whether {@code wanted} (a kind such as {@code kprobe}, or a libbpf program type name such as
     * {@code sched_cls}) describes the section's program.
     */
    public static boolean isKind(String section, String wanted) {
        return resolve(section).map(d -> d.kind().equals(wanted) || d.programTypeName().equals(wanted)).orElse(false);
    }
}
