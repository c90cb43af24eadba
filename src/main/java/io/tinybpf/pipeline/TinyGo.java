package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Stage;
import io.tinybpf.toolchain.ProcessRunner;
import io.tinybpf.toolchain.ToolLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Compiles a Go package to LLVM IR with TinyGo: no GC, no scheduler, panics as traps. tinybpf
 * passes its own target definition (x86-64 layout, no libc), so the IR does not depend on the
 * build host's architecture and no C library sources are needed.
 */
final class TinyGo {
    static final List<String> FLAGS = List.of("-gc=none", "-scheduler=none", "-panic=trap", "-opt=0");

    private TinyGo() {}

    static Path compile(ToolLocator.Located tinygo, Path packageDir, Path work, Duration timeout, Consumer<String> verbose)
            throws BuildException {
        GoErrors.checkExports(packageDir);
        Path target = work.resolve("tinygo-target.json");
        Path out = work.resolve("program.ll");
        // TinyGo's own temporary directories go inside the work directory, so they are removed
        // with it even when TinyGo is killed (timeout, Ctrl-C) before it can remove them itself
        Path tmp = work.resolve("tinygo-tmp");
        try {
            Files.createDirectories(tmp);
            Files.writeString(target, Pipeline.resource("/io/tinybpf/toolchain/tinygo-target.json"));
        } catch (IOException e) {
            throw new BuildException(Stage.TINYGO_COMPILE, "cannot write " + target + ": " + e.getMessage());
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(tinygo.path().toString(), "build", "-target=" + target));
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("-o", out.toString(), "."));
        verbose.accept("[tinygo-compile] (in " + packageDir + ") " + ProcessRunner.display(cmd));
        ProcessRunner.Result r;
        try {
            java.util.Map<String, String> env = ProcessRunner.goEnvironment();
            env.put("TMPDIR", tmp.toString());
            r = ProcessRunner.run(cmd, packageDir, env, timeout);
        } catch (IOException e) {
            throw BuildException.tool(Stage.TINYGO_COMPILE, ProcessRunner.display(cmd), "cannot run tinygo: " + e.getMessage(), null, null);
        }
        if (r.timedOut()) {
            throw BuildException.tool(Stage.TINYGO_COMPILE, ProcessRunner.display(cmd), "tinygo timed out after "
                    + io.tinybpf.toolchain.SubprocessLlvmBackend.format(timeout) + " and was killed",
                    r.stderr(), "the first build compiles TinyGo's runtime packages and may take longer: raise --timeout");
        }
        if (r.exitCode() == 0 && !Files.isRegularFile(out)) {
            throw BuildException.tool(Stage.TINYGO_COMPILE, ProcessRunner.display(cmd), "tinygo exited with status 0 but wrote no "
                    + out.getFileName(), r.stderr(), "check the TinyGo installation with tinybpf doctor");
        }
        if (r.exitCode() != 0) {
            List<Diagnostic> positioned = GoErrors.parse(r.stderr(), packageDir);
            if (!positioned.isEmpty()) throw BuildException.of(Stage.TINYGO_COMPILE, positioned, GoErrors.hint(positioned));
            if (r.stderr().contains("\npanic: ") || r.stderr().startsWith("panic: ")) {
                throw BuildException.tool(Stage.TINYGO_COMPILE, ProcessRunner.display(cmd), "TinyGo crashed while compiling " + packageDir
                        + " (a TinyGo bug; the first lines of its report follow)", r.stderr(), "simplify the construct at the reported "
                        + "place, or report it to TinyGo with the package");
            }
            throw BuildException.tool(Stage.TINYGO_COMPILE, ProcessRunner.display(cmd), "tinygo could not compile " + packageDir,
                    r.stderr(), "the package must compile with: tinygo build " + String.join(" ", FLAGS) + " (BPF programs use a "
                            + "//go:build tinygo file and a !tinygo stub)");
        }
        return out;
    }
}
