package io.tinybpf.pipeline;

import io.tinybpf.bpf.SectionNames;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --program-type}: every program's section must be of that type. Without it, sections are
 * only checked to be names loaders know (a warning otherwise: a custom loader may set the type).
 * Programs of different types in one object are fine.
 */
final class SectionCheck {
    private SectionCheck() {}

    static void validate(Map<String, String> sections, String programType) throws BuildException {
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
