package io.tinybpf.kernel;

import io.tinybpf.bpf.KernelTargets;
import io.tinybpf.bpf.VerifierHints;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Stage;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.pipeline.ObjectVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --verify-kernel}: every program of the finished object goes through the running
 * kernel's verifier before the object is written. A rejection fails the build at the Go line the
 * verifier stopped on; a program type this kernel refuses outright (EPERM for fentry/LSM without
 * the privilege, say) is a warning, since the verifier never saw it.
 */
public final class KernelObjectVerifier implements ObjectVerifier {
    @Override
    public void verify(Path object, Reporter reporter) throws BuildException {
        List<String> programs;
        ObjectSummary summary;
        try {
            summary = ObjectSummary.summarize(ElfFile.read(object));
            programs = summary.programs().stream().map(ObjectSummary.Program::name).toList();
        } catch (Exception e) {
            throw new BuildException(Stage.KERNEL_VERIFY, "cannot read " + object + ": " + e.getMessage());
        }
        List<Diagnostic> errors = new ArrayList<>();
        KernelTargets kernel = KernelTargets.running();
        for (ObjectSummary.Program p : summary.programs()) {
            kernel.check(p.section()).ifPresent(m -> errors.add(Diagnostic.error(Stage.KERNEL_VERIFY, "program " + p.name()
                    + " cannot attach here: section \"" + p.section() + "\": " + m.message()).in(p.name())));
        }
        int btfWarned = 0;
        try {
            for (KernelVerifier.Verdict v : KernelVerifier.verify(object, programs).values()) {
                if (v.btfRejection() != null && btfWarned++ == 0) {
                    reporter.report(Diagnostic.warning(Stage.KERNEL_VERIFY, "the kernel refused the object's BTF and libbpf loads it "
                            + "without (maps lose their key/value types): " + v.btfRejection()));
                }
                if (v.accepted()) continue;
                if (v.refusal() != null) {
                    reporter.report(Diagnostic.warning(Stage.KERNEL_VERIFY, "program " + v.program() + " was not verified: " + v.refusal())
                            .in(v.program()));
                    continue;
                }
                String message = v.loadError() != null ? "the kernel did not load the object (" + v.program() + " never reached the "
                        + "verifier): " + v.loadError()
                        : "the kernel's verifier rejected " + v.program() + ": "
                        + (v.complaint() == null ? "it gave no reason" : v.complaint().replace("\n", "; "))
                        + (v.sourceText() != null ? " (source: " + v.sourceText() + ")" : "");
                String hint = VerifierHints.hint(v.loadError() != null ? v.loadError() : v.complaint())
                        .map(VerifierHints.Hint::advice).orElse(null);
                Diagnostic d = new Diagnostic(io.tinybpf.diag.Severity.ERROR, Stage.KERNEL_VERIFY, message, v.goPosition(), v.program(), hint);
                errors.add(d);
                if (v.loadError() != null) break; // the same for every program: the object itself does not load
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
