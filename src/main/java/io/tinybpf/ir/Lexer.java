package io.tinybpf.ir;

/**
 * Tokenizer for LLVM assembly. It never fails: characters it does not recognise become
 * {@link Tok#UNKNOWN} tokens, so text survives untouched; the parser decides what is an error.
 */
final class Lexer {
    private Lexer() {}

    static Tokens lex(String s) {
        Tokens t = new Tokens(s, s.length() / 5 + 4);
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                i++;
                continue;
            }
            int start = i;
            switch (c) {
                case ';' -> {
                    while (i < n && s.charAt(i) != '\n') i++;
                    t.add(Tok.COMMENT, start, trimCr(s, start, i));
                }
                case '@', '%', '$' -> {
                    i = sigiled(s, i + 1);
                    byte kind = c == '@' ? Tok.GLOBAL : c == '%' ? Tok.LOCAL : Tok.COMDAT;
                    if (i == start + 1) kind = Tok.UNKNOWN;
                    t.add(kind, start, i);
                }
                case '!' -> {
                    i++;
                    if (i < n && isDigit(s.charAt(i))) {
                        while (i < n && isDigit(s.charAt(i))) i++;
                        t.add(Tok.META_ID, start, i);
                    } else if (i < n && (isIdentStart(s.charAt(i)) || s.charAt(i) == '\\')) {
                        while (i < n && (isIdentChar(s.charAt(i)) || s.charAt(i) == '\\')) i++;
                        t.add(Tok.META_NAME, start, i);
                    } else {
                        t.add(Tok.PUNCT, start, i);
                    }
                }
                case '#' -> {
                    i++;
                    if (i < n && isDigit(s.charAt(i))) {
                        while (i < n && isDigit(s.charAt(i))) i++;
                        t.add(Tok.ATTR_ID, start, i);
                    } else if (s.startsWith("dbg_", i)) {
                        while (i < n && isIdentChar(s.charAt(i))) i++;
                        t.add(Tok.DBG_RECORD, start, i);
                    } else {
                        t.add(Tok.UNKNOWN, start, i);
                    }
                }
                case '^' -> {
                    i++;
                    while (i < n && isDigit(s.charAt(i))) i++;
                    t.add(i > start + 1 ? Tok.SUMMARY : Tok.UNKNOWN, start, i);
                }
                case '"' -> {
                    i = stringEnd(s, i);
                    if (i < n && s.charAt(i) == ':') t.add(Tok.LABEL, start, ++i);
                    else t.add(Tok.STRING, start, i);
                }
                default -> {
                    if (c == 'c' && i + 1 < n && s.charAt(i + 1) == '"') {
                        i = stringEnd(s, i + 1);
                        t.add(Tok.STRING, start, i);
                    } else if (c == '.' && s.startsWith("...", i)) {
                        i += 3;
                        t.add(Tok.PUNCT, start, i);
                    } else if (isIdentChar(c)) {
                        i = word(s, i);
                        if (i < n && s.charAt(i) == ':') t.add(Tok.LABEL, start, ++i);
                        else t.add(Tok.WORD, start, i);
                    } else if ("=,()[]{}<>*|:!+/".indexOf(c) >= 0) {
                        t.add(Tok.PUNCT, start, ++i);
                    } else {
                        t.add(Tok.UNKNOWN, start, ++i);
                    }
                }
            }
        }
        t.trim();
        return t;
    }

    private static int trimCr(String s, int start, int end) {
        return end > start && s.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    /** After a sigil: a quoted name, a bare name or a number. Returns the end index. */
    private static int sigiled(String s, int i) {
        int n = s.length();
        if (i < n && s.charAt(i) == '"') return stringEnd(s, i);
        while (i < n && isIdentChar(s.charAt(i))) i++;
        return i;
    }

    /** {@code i} is at the opening quote; returns the index after the closing quote (or EOL). */
    private static int stringEnd(String s, int i) {
        int n = s.length();
        i++;
        while (i < n && s.charAt(i) != '"' && s.charAt(i) != '\n') i++;
        return i < n && s.charAt(i) == '"' ? i + 1 : i;
    }

    /** A word; a number may carry an exponent sign ({@code 1.5e+00}). */
    private static int word(String s, int i) {
        int n = s.length();
        boolean numeric = isDigit(s.charAt(i)) || (s.charAt(i) == '-' && i + 1 < n && isDigit(s.charAt(i + 1)));
        while (i < n) {
            char c = s.charAt(i);
            if (isIdentChar(c)) {
                i++;
            } else if (numeric && (c == '+' || c == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')
                    && i + 1 < n && isDigit(s.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$' || c == '-';
    }

    static boolean isIdentChar(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
