package io.tinybpf.ir;

/**
 * A piece of IR text with its line terminator: a top-level entity, a function header, or one
 * line of a function body. Tokens are lexed on first use. Setting new text marks the node as
 * modified; untouched nodes print their original bytes.
 */
public abstract sealed class Node permits Entity, BodyLine {
    private String text;
    private final String newline;
    private Tokens tokens;
    private boolean modified;

    Node(String text, String newline) {
        this.text = text;
        this.newline = newline;
    }

    /** The text without its line terminator. */
    public final String text() {
        return text;
    }

    /** {@code "\n"}, {@code "\r\n"}, or {@code ""} at the end of the input. */
    public final String newline() {
        return newline;
    }

    public final Tokens tokens() {
        Tokens t = tokens;
        if (t == null) {
            t = Lexer.lex(text);
            tokens = t;
        }
        return t;
    }

    public final boolean isModified() {
        return modified;
    }

    /** Replaces the text (the line terminator is kept). Subclasses re-derive their views. */
    public void setText(String newText) {
        if (newText.equals(text)) return;
        this.text = newText;
        this.tokens = null;
        this.modified = true;
        textChanged();
    }

    /** Applies an edit made on {@link #tokens()}. */
    public final void apply(Edit edit) {
        if (!edit.isEmpty()) setText(edit.apply());
    }

    /** Metadata text has no comments, so ';' there is just a character. */
    boolean isMetadataText() {
        return false;
    }

    /** Hook for subclasses that cache parsed views. */
    void textChanged() {}

    void appendTo(StringBuilder sb) {
        sb.append(text).append(newline);
    }

    @Override
    public String toString() {
        return text;
    }
}
