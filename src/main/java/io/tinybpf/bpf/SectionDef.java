package io.tinybpf.bpf;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of libbpf's section-name table ({@code section_defs} in libbpf.c).
 *
 * @param prefix      the section name, or its part before {@code /target}
 * @param target      whether a {@code /target} suffix may or must follow
 * @param programType the program type libbpf loads the section's programs as
 * @param attachType  libbpf's expected attach type, empty where libbpf passes none
 * @param kind        the short family name tinybpf uses ({@code kprobe}, {@code tc}, {@code cgroup/connect4})
 * @param sleepable   libbpf loads the program with {@code BPF_F_SLEEPABLE}
 * @param xdpFrags    libbpf loads the program with {@code BPF_F_XDP_HAS_FRAGS}
 * @param programKind what tinybpf knows about programs of this section (returns, test runs, attach)
 */
public record SectionDef(String prefix, Target target, ProgramType programType, Optional<AttachType> attachType,
                         String kind, boolean sleepable, boolean xdpFrags, ProgramKind programKind) {

    /** How the section name relates to {@link #prefix}. */
    public enum Target {
        /** The section name is exactly the prefix (libbpf entries without {@code +}). */
        NONE,
        /** libbpf {@code +}: the bare prefix or {@code prefix/target}; the target is optional. */
        OPTIONAL,
        /**
         * libbpf {@code +} too (the bare prefix still resolves), but without a target the program can
         * neither be loaded (BTF-attached types need the target) nor auto-attached (probes, tracepoints).
         */
        REQUIRED
    }

    public SectionDef {
        Objects.requireNonNull(prefix);
        Objects.requireNonNull(target);
        Objects.requireNonNull(programType);
        Objects.requireNonNull(attachType);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(programKind);
    }

    /** A return probe ({@code kretprobe}, {@code uretprobe}, their multi forms, {@code kretsyscall}). */
    public boolean returnProbe() {
        return kind.startsWith("kret") || kind.startsWith("uret");
    }

    /** libbpf's matching rule: exact name, or (for {@code +} entries) {@code prefix/anything}. */
    public boolean matches(String section) {
        if (section.equals(prefix)) return true;
        return target != Target.NONE && section.length() > prefix.length() && section.startsWith(prefix)
                && section.charAt(prefix.length()) == '/';
    }

    /** The attach target after {@code prefix/}, if the section has one (empty for {@code prefix/} alone). */
    public Optional<String> targetOf(String section) {
        if (target == Target.NONE || !matches(section) || section.length() <= prefix.length() + 1) return Optional.empty();
        return Optional.of(section.substring(prefix.length() + 1));
    }

    /** A section of this kind misses a target libbpf needs to load or auto-attach it. */
    public boolean missingTarget(String section) {
        return target == Target.REQUIRED && targetOf(section).isEmpty();
    }

    /** libbpf's program type name, e.g. {@code sched_cls}. */
    public String programTypeName() {
        return programType.libbpfName();
    }

    /** The row as libbpf spells it: {@code kprobe+} for entries that take a target. */
    public String pattern() {
        return target == Target.NONE ? prefix : prefix + "+";
    }
}
