package io.tinybpf.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds Go source text exactly as gofmt prints it, so generated files need no formatter: tabs
 * indent, and consecutive rows of cells (struct fields, const specs) are aligned the way gofmt's
 * tabwriter aligns them.
 *
 * <p>The alignment rule (go/printer with text/tabwriter, padding 1): a row is a list of cells; every
 * cell but a row's last is <em>terminated</em>. Column {@code j} of a block of consecutive rows that
 * all have a terminated cell {@code j} is as wide as its widest cell plus one space. A comment line
 * ends every block; a row with fewer terminated cells ends the blocks of the columns it lacks.
 */
final class GoSource {
    private final StringBuilder sb = new StringBuilder();
    private int indent;
    private final List<Object> pending = new ArrayList<>(); // String (comment/other line) or String[] (cells)

    GoSource line(String text) {
        flush();
        if (text.isEmpty()) {
            sb.append('\n');
        } else {
            sb.append("\t".repeat(indent)).append(text).append('\n');
        }
        return this;
    }

    GoSource blank() {
        flush();
        // gofmt never prints two blank lines in a row, nor a blank line right after '{'
        int n = sb.length();
        if (n == 0 || (n >= 2 && sb.charAt(n - 1) == '\n' && sb.charAt(n - 2) == '\n') || (n >= 2 && sb.charAt(n - 2) == '{')) {
            return this;
        }
        sb.append('\n');
        return this;
    }

    /** A comment line inside an aligned block (it ends the alignment blocks, as in gofmt). */
    GoSource comment(String text) {
        pending.add("// " + text);
        return this;
    }

    /** A doc comment: each line of {@code text} as a {@code //} line. */
    GoSource doc(String text) {
        for (String l : text.split("\n", -1)) {
            if (l.isEmpty()) pending.add("//");
            else pending.add("// " + l);
        }
        return this;
    }

    /** A row of cells to align with its neighbours. */
    GoSource row(String... cells) {
        pending.add(cells);
        return this;
    }

    /** One level deeper, without a line (the body of a {@code case}, which gofmt puts level with its switch). */
    GoSource indent() {
        flush();
        indent++;
        return this;
    }

    GoSource dedent() {
        flush();
        indent--;
        return this;
    }

    GoSource open(String text) {
        line(text);
        indent++;
        return this;
    }

    GoSource close(String text) {
        flush();
        indent--;
        line(text);
        return this;
    }

    private void flush() {
        if (pending.isEmpty()) return;
        int n = pending.size();
        String[] out = new String[n];
        // widths[i][j]: column width of row i's terminated cell j, computed per block
        int[][] widths = new int[n][];
        for (int i = 0; i < n; i++) {
            widths[i] = pending.get(i) instanceof String[] c ? new int[Math.max(0, c.length - 1)] : new int[0];
        }
        int maxCols = 0;
        for (int[] w : widths) maxCols = Math.max(maxCols, w.length);
        for (int j = 0; j < maxCols; j++) {
            int i = 0;
            while (i < n) {
                if (widths[i].length <= j) {
                    i++;
                    continue;
                }
                int start = i, w = 0;
                while (i < n && widths[i].length > j) {
                    w = Math.max(w, ((String[]) pending.get(i))[j].length());
                    i++;
                }
                for (int k = start; k < i; k++) widths[k][j] = w + 1;
            }
        }
        String ind = "\t".repeat(indent);
        for (int i = 0; i < n; i++) {
            Object o = pending.get(i);
            if (o instanceof String s) {
                out[i] = ind + s;
                continue;
            }
            String[] c = (String[]) o;
            StringBuilder l = new StringBuilder(ind);
            for (int j = 0; j < c.length; j++) {
                l.append(c[j]);
                if (j < c.length - 1) l.append(" ".repeat(widths[i][j] - c[j].length()));
            }
            out[i] = l.toString();
        }
        pending.clear();
        for (String l : out) sb.append(l).append('\n');
    }

    @Override
    public String toString() {
        flush();
        return sb.toString();
    }
}
