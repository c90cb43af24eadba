package io.tinybpf.pipeline;

import io.tinybpf.bpf.SectionNames;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every program's section must be a name libbpf knows (a loader takes the program type from it;
 * a typo would otherwise load as the wrong type or not at all), with a suggestion for a typo; with
 * {@code --program-type}, each must also be of that type. Programs of different types in one
 * object are fine.
 */
final class SectionCheck {
    private SectionCheck() {}

    /** The known section closest to a mistyped one: its prefix is compared, its target kept. */
    static String suggestion(String section) {
        int slash = section.indexOf('/');
        String prefix = slash < 0 ? section : section.substring(0, slash);
        String rest = slash < 0 ? "" : section.substring(slash);
        java.util.Set<String> prefixes = new java.util.TreeSet<>();
        for (var d : SectionNames.all()) prefixes.add(d.prefix().contains("/") ? d.prefix().substring(0, d.prefix().indexOf('/')) : d.prefix());
        String p = io.tinybpf.util.Suggest.closest(prefix, prefixes, Math.min(3, Math.max(2, prefix.length() / 3)));
        if (p == null) return null;
        String candidate = p + rest;
        return SectionNames.resolve(candidate).isPresent() ? candidate : p;
    }

    static void validate(Map<String, String> sections, String programType) throws BuildException {
        List<Diagnostic> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(sections).entrySet()) {
            if (SectionNames.resolve(e.getValue()).isPresent()) continue;
            String s = suggestion(e.getValue());
            unknown.add(Diagnostic.error(Stage.INPUT_NORMALIZATION, "section \"" + e.getValue() + "\" of program " + e.getKey()
                    + " is not a section name libbpf knows" + (s != null ? " (did you mean " + s + "?)" : ""))
                    .withHint("loaders take a program's type from its section: use a libbpf name such as xdp, tc/ingress, "
                            + "kprobe/<function>, tracepoint/<category>/<name> (tinybpf.json \"programs\" or --section)"));
        }
        if (!unknown.isEmpty()) throw BuildException.of(Stage.INPUT_NORMALIZATION, unknown, null);
        if (programType == null || programType.isBlank()) return;
        String wanted = programType.strip();
        if (!SectionNames.kinds().contains(wanted) && SectionNames.all().stream().noneMatch(d -> d.programTypeName().equals(wanted))) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "unknown --program-type \"" + wanted + "\"",
                    "known types: " + String.join(", ", SectionNames.kinds()));
        }
        List<Diagnostic> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(sections).entrySet()) {
            if (!SectionNames.isKind(e.getValue(), wanted)) {
                String actual = SectionNames.resolve(e.getValue()).map(d -> d.kind()).orElse("unknown to libbpf");
                problems.add(Diagnostic.error(Stage.INPUT_NORMALIZATION, "section \"" + e.getValue() + "\" of program " + e.getKey()
                        + " is " + actual + ", not " + wanted));
            }
        }
        if (!problems.isEmpty()) throw BuildException.of(Stage.INPUT_NORMALIZATION, problems, "make --program-type and the sections agree");
    }
}
