package io.tinybpf.transform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the transform needs to know beyond the IR.
 *
 * @param programs   program functions to keep (IR names); empty = every exported user function
 * @param sections   ELF section per program ({@code handle_connect → tracepoint/syscalls/sys_enter_connect})
 * @param license    license string for the {@code license} section when the program defines none
 * @param sourceRoot the Go package directory: positions are shown relative to it, and debug-info
 *                   paths under it are rewritten to be relative (reproducible objects); may be null
 * @param kernelBtf  the kernel BTF kfunc prototypes are matched against; null for none
 */
public record TransformOptions(List<String> programs, Map<String, String> sections, String license, Path sourceRoot, Path kernelBtf) {
    public TransformOptions {
        programs = List.copyOf(programs);
        sections = Map.copyOf(sections);
        if (license == null || license.isBlank()) license = "GPL";
    }

    public TransformOptions(List<String> programs, Map<String, String> sections, String license, Path sourceRoot) {
        this(programs, sections, license, sourceRoot, null);
    }

}
