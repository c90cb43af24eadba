package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import java.util.Map;

/** Program-type checks of --section values against --program-type (table: io.tinybpf.bpf). */
final class SectionCheck {
    private SectionCheck() {}

    static void validate(Map<String, String> sections, String programType) throws BuildException {
        // filled in with the libbpf section table
    }
}
