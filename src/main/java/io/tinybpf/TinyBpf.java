package io.tinybpf;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Reporter;
import io.tinybpf.kernel.KernelObjectVerifier;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.pipeline.BuildInfo;
import io.tinybpf.pipeline.BuildResult;
import io.tinybpf.pipeline.ObjectVerifier;
import io.tinybpf.pipeline.Pipeline;

/**
 * Library entry point: compile a Go package (or pre-compiled LLVM IR) into a BPF object.
 *
 * <pre>{@code
 * BuildResult r = TinyBpf.build(BuildRequest.builder()
 *         .packageDir(Path.of("examples/tracepoint-connect"))
 *         .section("handle_connect", "tracepoint/syscalls/sys_enter_connect")
 *         .output(Path.of("connect.bpf.o"))
 *         .build());
 * }</pre>
 *
 * Failures are {@link BuildException}s naming the stage and, where debug info allows, the Go
 * file:line; no output file is written then.
 */
public final class TinyBpf {
    private TinyBpf() {}

    public static BuildResult build(BuildRequest request) throws BuildException {
        return build(request, new Reporter());
    }

    /** As {@link #build(BuildRequest)}, with warnings delivered to {@code reporter} as they happen. */
    public static BuildResult build(BuildRequest request, Reporter reporter) throws BuildException {
        return Pipeline.run(request, reporter);
    }

    /** The version plus a digest of tinybpf's own code ({@link BuildInfo#buildId()}). */
    public static String buildId() {
        return BuildInfo.buildId();
    }

    /** The tinybpf version (from the jar manifest; "(dev)" when run from classes). */
    public static String version() {
        return BuildInfo.version();
    }

    /**
     * The running kernel's verifier, for {@link BuildRequest.Builder#verifier}: every program of
     * the finished object is loaded before the object is written ({@code --verify-kernel}).
     */
    public static ObjectVerifier runningKernel() {
        return new KernelObjectVerifier();
    }
}
