package io.tinybpf.diag;

import java.util.List;

/**
 * A failed stage. Carries every problem the stage found (collect-all passes report them together),
 * and for tool failures the command line and its captured stderr.
 */
public final class BuildException extends Exception {
    private static final int STDERR_LINES = 20, STDERR_LINE_CHARS = 1000;

    private final Stage stage;
    private final List<Diagnostic> problems;
    private final String command;
    private final String stderr;
    private final String hint;

    public BuildException(Stage stage, List<Diagnostic> problems, String command, String stderr, String hint) {
        super(summary(stage, problems));
        this.stage = stage;
        this.problems = List.copyOf(problems);
        this.command = command;
        this.stderr = stderr;
        this.hint = hint;
    }

    public BuildException(Stage stage, String message, String hint) {
        this(stage, List.of(Diagnostic.error(stage, message)), null, null, hint);
    }

    public BuildException(Stage stage, String message) {
        this(stage, message, null);
    }

    /** A failed external tool: exit status or timeout, with its stderr. */
    public static BuildException tool(Stage stage, String command, String message, String stderr, String hint) {
        return new BuildException(stage, List.of(Diagnostic.error(stage, message)), command, stderr, hint);
    }

    public static BuildException of(Stage stage, List<Diagnostic> problems, String hint) {
        return new BuildException(stage, problems, null, null, hint);
    }

    private static String summary(Stage stage, List<Diagnostic> problems) {
        if (problems.size() == 1) return "stage \"" + stage + "\" failed: " + problems.getFirst().format();
        return "stage \"" + stage + "\" failed: " + problems.size() + " problems";
    }

    public Stage stage() {
        return stage;
    }

    public List<Diagnostic> problems() {
        return problems;
    }

    public String command() {
        return command;
    }

    public String stderr() {
        return stderr;
    }

    public String hint() {
        return hint;
    }

    /**
     * The user-facing report. First line names the stage; then each problem with its Go position;
     * then the tool's command and stderr (first 20 lines) when a tool failed; then the hint.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("stage \"").append(stage).append("\" failed");
        if (problems.size() == 1) {
            sb.append(": ").append(problems.getFirst().format()).append('\n');
        } else {
            sb.append(": ").append(problems.size()).append(" problems\n");
            for (Diagnostic d : problems) {
                sb.append("  ").append(d.format()).append('\n');
                if (d.hint() != null && !d.hint().equals(hint)) sb.append("    hint: ").append(d.hint()).append('\n');
            }
        }
        if (command != null) sb.append("--- command ---\n").append(command).append('\n');
        if (stderr != null && !stderr.isBlank()) {
            sb.append("--- stderr ---\n");
            String[] lines = stderr.strip().split("\n", -1);
            for (int i = 0; i < Math.min(lines.length, STDERR_LINES); i++) {
                String l = lines[i];
                // a tool may print one endless line: the report stays readable
                if (l.length() > STDERR_LINE_CHARS) l = l.substring(0, STDERR_LINE_CHARS) + "...(" + (l.length() - STDERR_LINE_CHARS) + " more characters)";
                sb.append(l).append('\n');
            }
            if (lines.length > STDERR_LINES) sb.append("...(").append(lines.length - STDERR_LINES).append(" more lines)\n");
        }
        // a single problem's own hint is the more specific one
        String h = problems.size() == 1 && problems.getFirst().hint() != null ? problems.getFirst().hint() : hint;
        if (h != null) sb.append("--- hint ---\n").append(h).append('\n');
        return sb.toString();
    }
}
