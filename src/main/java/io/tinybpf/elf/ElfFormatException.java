package io.tinybpf.elf;

/** The input is not a well-formed ELF file; the message names what is wrong and where. */
public final class ElfFormatException extends Exception {
    public ElfFormatException(String message) {
        super(message);
    }
}
