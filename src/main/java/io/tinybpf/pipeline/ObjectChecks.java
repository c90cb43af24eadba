package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Stage;
import io.tinybpf.elf.ObjectValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the object before it is written: errors fail the build (so no unloadable object is
 * ever produced), warnings are reported.
 */
final class ObjectChecks {
    private ObjectChecks() {}

    /** Validates the object's bytes (read once by the pipeline, which then writes the same bytes). */
    static void validate(byte[] object, Reporter reporter) throws BuildException {
        List<Diagnostic> found;
        try {
            found = ObjectValidator.validate(io.tinybpf.elf.ElfFile.parse(object));
        } catch (io.tinybpf.elf.ElfFormatException e) {
            found = List.of(Diagnostic.error(Stage.ELF_VALIDATE, "malformed ELF file: " + e.getMessage()));
        }
        List<Diagnostic> errors = new ArrayList<>();
        for (Diagnostic d : found) {
            if (d.isError()) errors.add(d);
            else reporter.report(d);
        }
        if (!errors.isEmpty()) {
            throw BuildException.of(Stage.ELF_VALIDATE, errors,
                    "llc produced an object loaders would reject; this is a tinybpf bug unless the IR was hand-written "
                            + "(inspect it with --keep-temp)");
        }
    }
}
