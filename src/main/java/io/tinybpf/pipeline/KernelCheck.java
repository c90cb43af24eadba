package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Stage;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.KernelVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --verify-kernel}: every program of the finished object goes through the running
 * kernel's verifier before the object is written. A rejection fails the build at the Go line the
 * verifier stopped on; a program type this kernel refuses outright (EPERM for fentry/LSM without
 * the privilege, say) is a warning, since the verifier never saw it.
 */
final class KernelCheck {
    private KernelCheck() {}

    static void verify(Path object, Reporter reporter) throws BuildException {
        List<String> programs;
        try {
            programs = ObjectSummary.summarize(ElfFile.read(object)).programs().stream().map(ObjectSummary.Program::name).toList();
        } catch (Exception e) {
            throw new BuildException(Stage.KERNEL_VERIFY, "cannot read " + object + ": " + e.getMessage());
        }
        List<Diagnostic> errors = new ArrayList<>();
        try {
            for (KernelVerifier.Verdict v : KernelVerifier.verify(object, programs).values()) {
                if (v.accepted()) continue;
                if (v.refusal() != null) {
                    reporter.report(Diagnostic.warning(Stage.KERNEL_VERIFY, "program " + v.program() + " was not verified: " + v.refusal())
                            .in(v.program()));
                    continue;
                }
                Diagnostic d = Diagnostic.error(Stage.KERNEL_VERIFY, "the kernel's verifier rejected " + v.program() + ": "
                        + (v.complaint() == null ? "(no message)" : v.complaint().replace("\n", "; "))
                        + (v.sourceText() != null ? " (source: " + v.sourceText() + ")" : "")).in(v.program());
                if (v.goPosition() != null) d = d.at(v.goPosition());
                errors.add(d);
            }
        } catch (KernelException | LinkageError e) {
            throw new BuildException(Stage.KERNEL_VERIFY, "cannot load programs into this kernel: " + e.getMessage(),
                    "--verify-kernel needs libbpf and CAP_BPF (run as root); tinybpf doctor checks both");
        }
        if (!errors.isEmpty()) {
            throw BuildException.of(Stage.KERNEL_VERIFY, errors, "the object is valid but this kernel would not load it, so nothing "
                    + "was written; build without --verify-kernel and run tinybpf verify --kernel --log on it for the whole verifier log");
        }
    }
}
