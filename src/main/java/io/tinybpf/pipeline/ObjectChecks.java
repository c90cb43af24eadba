package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Structural validation of the object before it is written (full checks: io.tinybpf.elf). */
final class ObjectChecks {
    private ObjectChecks() {}

    static void validate(Path object, Reporter reporter) throws BuildException {
        try {
            byte[] b = Files.readAllBytes(object);
            if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
                throw new BuildException(Stage.ELF_VALIDATE, "llc did not produce an ELF object");
            }
            int machine = (b[18] & 0xff) | (b[19] & 0xff) << 8;
            if (b[4] != 2 || machine != 247) throw new BuildException(Stage.ELF_VALIDATE, "object is not ELF64 EM_BPF");
        } catch (IOException e) {
            throw new BuildException(Stage.ELF_VALIDATE, "cannot read " + object + ": " + e.getMessage());
        }
    }
}
