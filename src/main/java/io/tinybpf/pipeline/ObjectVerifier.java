package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Reporter;
import java.nio.file.Path;

/**
 * What {@code --verify-kernel} runs on the finished object before it is written: a kernel's
 * verifier, handed in by the caller. The pipeline depends on this interface only, so building
 * never touches the kernel bindings (FFM, libbpf) unless a caller asked for a kernel check.
 */
@FunctionalInterface
public interface ObjectVerifier {
    /**
     * Checks every program of {@code object}; warnings go to {@code reporter}, and a program the
     * kernel would not load is a {@link BuildException} at its Go line (the object is then not written).
     */
    void verify(Path object, Reporter reporter) throws BuildException;
}
