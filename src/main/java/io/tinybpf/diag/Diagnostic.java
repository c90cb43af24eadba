package io.tinybpf.diag;

import java.util.Objects;

/**
 * One problem (or warning) found by a stage.
 *
 * @param severity error, warning or note
 * @param stage    the stage that found it
 * @param message  what is wrong, in terms of the user's program
 * @param pos      Go source position from debug info, or null when unknown
 * @param function the Go function (or IR symbol) it concerns, or null
 * @param hint     what to do about it, or null
 */
public record Diagnostic(Severity severity, Stage stage, String message, SourcePos pos, String function, String hint) {
    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(stage);
        Objects.requireNonNull(message);
    }

    public static Diagnostic error(Stage stage, String message) {
        return new Diagnostic(Severity.ERROR, stage, message, null, null, null);
    }

    public static Diagnostic warning(Stage stage, String message) {
        return new Diagnostic(Severity.WARNING, stage, message, null, null, null);
    }

    public Diagnostic at(SourcePos p) {
        return new Diagnostic(severity, stage, message, p, function, hint);
    }

    public Diagnostic in(String fn) {
        return new Diagnostic(severity, stage, message, pos, fn, hint);
    }

    public Diagnostic withHint(String h) {
        return new Diagnostic(severity, stage, message, pos, function, h);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line: {@code main.go:12:3: error: message (in function f)}. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (pos != null) sb.append(pos).append(": ");
        sb.append(severity.label()).append(": ").append(message);
        if (function != null) sb.append(" (in ").append(function).append(')');
        return sb.toString();
    }

    @Override
    public String toString() {
        return "[" + stage + "] " + format();
    }
}
