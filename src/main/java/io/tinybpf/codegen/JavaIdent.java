package io.tinybpf.codegen;

import java.util.List;
import java.util.Set;

/** Java identifiers and literals for {@code tinybpf generate --lang java}. */
public final class JavaIdent {
    private JavaIdent() {}

    /** Reserved words and literals (JLS 3.9), including contextual ones a declaration name cannot be. */
    static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class",
            "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto",
            "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw",
            "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_", "var", "yield", "record",
            "sealed", "permits", "non-sealed", "when", "module", "open", "exports", "requires", "uses", "provides", "to", "with",
            "opens", "transitive");

    /**
     * {@code PID} → {@code pid}, {@code ip_ver} → {@code ipVer}, {@code XDPAction} → {@code xdpAction},
     * {@code MaxEntries} → {@code maxEntries}. Empty without letters or digits; a leading digit
     * gets {@code f}; keywords get a trailing {@code _}.
     */
    public static String lowerCamel(String name) {
        List<String> words = GoIdent.words(name);
        if (words.isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        String first = words.getFirst();
        int upper = 0;
        while (upper < first.length() && Character.isUpperCase(first.charAt(upper))) upper++;
        if (upper == first.length()) sb.append(first.toLowerCase(java.util.Locale.ROOT));
        else if (upper > 1) sb.append(first.substring(0, upper - 1).toLowerCase(java.util.Locale.ROOT)).append(first.substring(upper - 1));
        else sb.append(Character.toLowerCase(first.charAt(0))).append(first, 1, first.length());
        for (String w : words.subList(1, words.size())) sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        String s = sb.toString();
        if (Character.isDigit(s.charAt(0))) s = "f" + s;
        return KEYWORDS.contains(s) ? s + "_" : s;
    }

    /** {@code connectEvent} → {@code ConnectEvent}, {@code task_struct} → {@code TaskStruct}; a leading digit gets {@code T}. */
    public static String upperCamel(String name) {
        String c = GoIdent.camel(name);
        if (c.isEmpty()) return c;
        return Character.isDigit(c.charAt(0)) ? "T" + c : c;
    }

    /** {@code handle_connect} → {@code HANDLE_CONNECT}, {@code blockedPorts} → {@code BLOCKED_PORTS}. */
    public static String constant(String name) {
        StringBuilder sb = new StringBuilder();
        for (String w : GoIdent.words(name)) {
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(w.charAt(i - 1)) && !sb.isEmpty()) sb.append('_');
                sb.append(Character.toUpperCase(c));
            }
            sb.append('_');
        }
        if (!sb.isEmpty()) sb.setLength(sb.length() - 1);
        return sb.isEmpty() || Character.isDigit(sb.charAt(0)) ? "C_" + sb : sb.toString();
    }

    /** A Java identifier that is no keyword. */
    public static boolean isIdentifier(String s) {
        if (s.isEmpty() || KEYWORDS.contains(s) || !Character.isJavaIdentifierStart(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) if (!Character.isJavaIdentifierPart(s.charAt(i))) return false;
        return true;
    }

    /** {@code com.example.probe}: dot-separated identifiers. */
    public static boolean isPackageName(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".")) return false;
        for (String part : s.split("\\.", -1)) if (!isIdentifier(part)) return false;
        return true;
    }

    /** A Java string literal. */
    public static String quote(String s) {
        return GoIdent.quote(s, "\\u%04x");
    }

    /** Text safe inside a Javadoc comment: {@code * /} would end it, {@code @} tag it, a backslash escape it. */
    static String comment(String s) {
        // a backslash could start a unicode escape, which javac processes even in comments
        return s.replace("\\", "&#92;").replace("*/", "*&#47;").replace("@", "{@literal @}");
    }
}
