package io.tinybpf.ir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Quoting and escaping rules of LLVM identifiers and strings ({@code \XX} hex escapes, UTF-8). */
public final class Names {
    private Names() {}

    /** Decodes an identifier body: {@code "quoted\22"} or a bare name. */
    static String unquote(String s, int from, int to) {
        if (from < to && s.charAt(from) == '"') {
            int end = to > from + 1 && s.charAt(to - 1) == '"' ? to - 1 : to;
            return unescape(s, from + 1, end);
        }
        return s.substring(from, to);
    }

    /** Decodes {@code \XX} escapes (and {@code \\}); bytes are UTF-8. */
    static String unescape(String s, int from, int to) {
        int firstEscape = s.indexOf('\\', from);
        if (firstEscape < 0 || firstEscape >= to) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to && s.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (c == '\\' && i + 2 < to && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The bytes of an escaped string body ({@code c"..."} contents are bytes, not UTF-8 text). */
    static byte[] unescapeBytes(String s, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to && s.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (c == '\\' && i + 2 < to && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** True when {@code name} can be written without quotes after a sigil. */
    public static boolean isBare(String name) {
        if (name.isEmpty()) return false;
        boolean allDigits = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Lexer.isIdentChar(c)) return false;
            if (!Lexer.isDigit(c)) allDigits = false;
        }
        return allDigits || !Lexer.isDigit(name.charAt(0));
    }

    /** {@code @name} or {@code @"quoted name"}. */
    public static String global(String name) {
        return "@" + quoteIfNeeded(name);
    }

    /** {@code %name} or {@code %"quoted name"}. */
    public static String local(String name) {
        return "%" + quoteIfNeeded(name);
    }

    public static String quoteIfNeeded(String name) {
        return isBare(name) ? name : quote(name);
    }

    /** A string literal with LLVM escapes. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xff;
            if (u == '"' || u == '\\' || u < 0x20 || u >= 0x7f) {
                sb.append('\\').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
            } else {
                sb.append((char) u);
            }
        }
        return sb.append('"').toString();
    }
}
