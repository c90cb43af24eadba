package io.tinybpf.diag;

/**
 * A position in the user's Go source, recovered from LLVM debug info.
 *
 * @param file   path as recorded by the compiler (possibly relative after prefix mapping)
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record SourcePos(String file, int line, int column) {
    @Override
    public String toString() {
        if (line <= 0) return file;
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
