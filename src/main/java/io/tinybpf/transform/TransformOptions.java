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
 * @param mode       where the IR came from, which decides whose rules apply (see {@link Mode})
 */
public record TransformOptions(List<String> programs, Map<String, String> sections, String license, Path sourceRoot, Path kernelBtf,
                               Mode mode) {
    /**
     * {@link #BUILD}: TinyGo's IR of one Go package, all of it Go. {@link #LINK}: IR from any
     * front end, possibly several: TinyGo's entities follow the Go rules, everything else (clang's
     * C, hand-written IR) keeps what the IR says — a function with a {@code section} is a program in
     * it, other external functions are library code, globals keep their names, linkage and
     * placement.
     */
    public enum Mode { BUILD, LINK }

    public TransformOptions {
        programs = List.copyOf(programs);
        sections = Map.copyOf(sections);
        if (license == null || license.isBlank()) license = "GPL";
        if (mode == null) mode = Mode.BUILD;
    }

    public TransformOptions(List<String> programs, Map<String, String> sections, String license, Path sourceRoot, Path kernelBtf) {
        this(programs, sections, license, sourceRoot, kernelBtf, Mode.BUILD);
    }

    public TransformOptions(List<String> programs, Map<String, String> sections, String license, Path sourceRoot) {
        this(programs, sections, license, sourceRoot, null);
    }

    public boolean isLink() {
        return mode == Mode.LINK;
    }
}
