package io.tinybpf.ir;

/** A blank line or a {@code ; comment} line between entities. */
public final class Trivia extends Entity {
    Trivia(String text, String newline) {
        super(text, newline);
    }

    public boolean isBlank() {
        return text().isBlank();
    }

    /** True for LLVM's {@code ; Function Attrs: ...} line that belongs to the next function. */
    public boolean isFunctionAttrsComment() {
        return text().startsWith("; Function Attrs:");
    }
}
