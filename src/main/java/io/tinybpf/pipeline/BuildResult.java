package io.tinybpf.pipeline;

import io.tinybpf.diag.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * @param output    the object written
 * @param workDir   intermediates directory when kept (--keep-temp / --tmpdir), else null
 * @param programs  program function → ELF section
 * @param warnings  warnings and notes reported during the build
 * @param timings   milliseconds per stage, in order
 */
public record BuildResult(Path output, Path workDir, Map<String, String> programs, List<Diagnostic> warnings, Map<String, Long> timings) {}
