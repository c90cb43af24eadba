package io.tinybpf.fuzz;

import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ElfFormatException;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.elf.ObjectValidator;

/** The ELF reader, and what verify runs on what it read: validation and the object summary (BTF, BTF.ext, maps). */
public final class ElfFuzz {
    private ElfFuzz() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(data);
        } catch (ElfFormatException e) {
            return;
        }
        ObjectValidator.validate(elf);
        try {
            ObjectSummary.summarize(elf);
        } catch (BtfFormatException e) {
            // reported as a validation error
        }
    }
}
