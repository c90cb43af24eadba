package io.tinybpf.toolchain;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs llvm-link, opt, llc, llvm-objcopy and llvm-ar as subprocesses with a per-stage timeout. */
public final class SubprocessLlvmBackend implements LlvmBackend {
    private final Toolchain tools;
    private final Duration timeout;
    private final Consumer<String> verbose;

    public SubprocessLlvmBackend(Toolchain tools, Duration timeout, Consumer<String> verbose) {
        this.tools = tools;
        this.timeout = timeout;
        this.verbose = verbose;
    }

    private ProcessRunner.Result exec(Stage stage, List<String> cmd, Path cwd, String hint) throws BuildException {
        return exec(stage, cmd, cwd, hint, null, null);
    }

    /** "2m", "1.5s", "250ms": how the user wrote it, near enough. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    /**
     * Runs one tool. {@code output}: the file it must have written (a tool that exits 0 without
     * it is this stage's failure, not a later stage's); {@code stdoutFile}: where its stdout goes.
     */
    private ProcessRunner.Result exec(Stage stage, List<String> cmd, Path cwd, String hint, Path output, Path stdoutFile)
            throws BuildException {
        return exec(stage, cmd, cwd, hint, output, stdoutFile, null);
    }

    /** {@code failed}: the message for a non-zero exit status, instead of "TOOL failed (exit status N)". */
    private ProcessRunner.Result exec(Stage stage, List<String> cmd, Path cwd, String hint, Path output, Path stdoutFile, String failed)
            throws BuildException {
        if (verbose != null) verbose.accept("[" + stage + "] " + ProcessRunner.display(cmd));
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.run(cmd, cwd, ProcessRunner.baseEnvironment(), timeout, stdoutFile);
        } catch (IOException e) {
            throw BuildException.tool(stage, ProcessRunner.display(cmd), "cannot run " + cmd.getFirst() + ": " + e.getMessage(), null, hint);
        }
        if (r.timedOut()) {
            throw BuildException.tool(stage, ProcessRunner.display(cmd), Path.of(cmd.getFirst()).getFileName() + " timed out after "
                    + format(timeout) + " and was killed", r.stderr(), "raise --timeout (per stage), or simplify the program");
        }
        if (r.exitCode() != 0) {
            String err = r.stderr();
            int dump = err.indexOf("PLEASE submit a bug report");
            boolean aborted = dump >= 0 || r.exitCode() == 134;
            // an LLVM abort prints a crash dump (bug-report plea, stack dump): the user gets LLVM's message, not the dump
            if (dump >= 0) err = err.substring(0, dump).strip() + "\n(LLVM's crash dump omitted)";
            String what = failed != null ? failed : Path.of(cmd.getFirst()).getFileName() + (aborted ? " aborted on this input"
                    : " failed (exit status " + r.exitCode() + ")");
            throw BuildException.tool(stage, ProcessRunner.display(cmd), what, err, hint);
        }
        if (r.stderr().contains("ignoring invalid debug info")) {
            // LLVM would go on without debug info, i.e. without BTF: never ship such an object
            throw BuildException.tool(stage, ProcessRunner.display(cmd), "LLVM found the debug info invalid and dropped it, "
                    + "so the object would have no BTF (a tinybpf bug: please report it with --keep-temp output)", r.stderr(), null);
        }
        if (output != null) {
            boolean written;
            try {
                written = Files.isRegularFile(output) && Files.size(output) > 0;
            } catch (IOException e) {
                written = false;
            }
            if (!written) {
                throw BuildException.tool(stage, ProcessRunner.display(cmd), Path.of(cmd.getFirst()).getFileName()
                        + " exited with status 0 but wrote no output (" + output.getFileName() + ")", r.stderr(),
                        "the tool is not working as " + Path.of(cmd.getFirst()).getFileName() + " should: check it with tinybpf doctor");
            }
        }
        return r;
    }

    @Override
    public void link(List<Path> inputs, Path output) throws BuildException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tools.llvmLink().path().toString());
        for (Path p : inputs) cmd.add(p.toString());
        cmd.addAll(List.of("-S", "-o", output.toString()));
        exec(Stage.LLVM_LINK, cmd, null, "the inputs must be LLVM IR (.ll) or bitcode (.bc) of one LLVM version not newer than "
                + tools.llvmLink().llvmMajor(), output, null);
    }

    @Override
    public void verify(Path input) throws BuildException {
        // -disable-auto-upgrade-debug-info: otherwise LLVM's reader aborts (a crash dump, exit 134) on a broken
        // module that has debug info, and quietly drops broken debug info; this way both are a plain rejection
        exec(Stage.INPUT_NORMALIZATION, List.of(tools.opt().path().toString(), "-disable-auto-upgrade-debug-info", "-passes=verify",
                "-disable-output", input.toString()),
                null, "the input must be valid LLVM IR of LLVM " + tools.opt().llvmMajor() + " or older (llvm-as " + input.getFileName()
                        + " shows the same error)", null, null, input.getFileName() + " is not valid LLVM IR (LLVM's parser and verifier rejected it)");
    }

    @Override
    public void optimize(Path input, Path output, String passPipeline, String cpu) throws BuildException {
        // -replexitval=never: indvars would replace a loop's exit value with its closed form, and
        // for sums like `for i < n { s += i * 3 }` that is a 65-bit multiplication, which llc
        // can only lower to a __multi3 call BPF does not have (clang -target bpf fails the same way).
        // -disable-loop-idiom-memcpy/-memset: a byte loop of run-time length must stay a loop (BPF has no
        // memcpy or memset to call; bounded-copies writes such loops); constant lengths are unrolled or inlined anyway.
        exec(Stage.OPT, List.of(tools.opt().path().toString(), "-mcpu=" + cpu, "-passes=" + passPipeline, "-replexitval=never",
                "-disable-loop-idiom-memcpy", "-disable-loop-idiom-memset", "-S",
                input.toString(), "-o", output.toString()), null, "try --opt-profile conservative, or inspect the IR with --dump-ir --keep-temp",
                output, null);
    }

    @Override
    public void codegen(Path input, Path output, String cpu, Path sourceDir) throws BuildException {
        exec(Stage.LLC, List.of(tools.llc().path().toString(), "-march=bpf", "-mcpu=" + cpu, "-filetype=obj", input.toString(),
                "-o", output.toString()), sourceDir, "the optimized IR uses something the BPF backend cannot compile; inspect it with "
                + "--keep-temp (03-optimized.ll)", output, null);
    }

    @Override
    public void extractBitcode(Path object, Path output) throws BuildException {
        if (tools.objcopy() == null) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "object input " + object + " needs llvm-objcopy, which was not found",
                    "install LLVM (scripts/setup llvm) or pass --llvm-objcopy");
        }
        exec(Stage.INPUT_NORMALIZATION, List.of(tools.objcopy().path().toString(), "--dump-section=.llvmbc=" + output, object.toString(),
                output.resolveSibling(output.getFileName() + ".discard").toString()), null,
                "the object must embed bitcode (.llvmbc section), e.g. built with -fembed-bitcode");
        if (!Files.isRegularFile(output)) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "no .llvmbc section in " + object, "build the object with -fembed-bitcode");
        }
    }

    @Override
    public List<Path> unpackArchive(Path archive, Path dir) throws BuildException {
        if (tools.llvmAr() == null) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "archive input " + archive + " needs llvm-ar, which was not found",
                    "install LLVM (scripts/setup llvm) or pass --llvm-ar");
        }
        ProcessRunner.Result list = exec(Stage.INPUT_NORMALIZATION, List.of(tools.llvmAr().path().toString(), "t", archive.toString()),
                null, "the archive could not be read");
        if (list.stdoutDropped() > 0) throw new BuildException(Stage.INPUT_NORMALIZATION, "archive " + archive + " lists too many members");
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "cannot create " + dir + ": " + e.getMessage());
        }
        int j = 0;
        for (String member : list.stdoutText().split("\n")) {
            if (member.isBlank()) continue;
            Path p = dir.resolve(String.format("%03d_%s", j++, member.replaceAll("[^A-Za-z0-9._-]", "_")));
            // straight to the file: a member is bounded by the disk, not by what tinybpf keeps in memory
            exec(Stage.INPUT_NORMALIZATION, List.of(tools.llvmAr().path().toString(), "p", archive.toString(), member),
                    null, "the archive member could not be read", null, p);
            out.add(p);
        }
        return out;
    }
}
