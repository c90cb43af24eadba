package io.tinybpf.transform;

import java.util.Set;

/** Go naming facts: packages, qualified names as TinyGo spells them, name-case conversions. */
public final class GoNames {
    private GoNames() {}

    /**
     * Top-level paths of Go standard library and TinyGo runtime packages. A Go import path whose
     * first element has no dot is "standard" by convention, but a user module may also have a
     * dot-less path, so only these known roots are treated as runtime.
     */
    private static final Set<String> STD_ROOTS = Set.of(
            "runtime", "internal", "sync", "syscall", "os", "math", "unicode", "strconv", "reflect", "errors",
            "io", "time", "unsafe", "crypto", "sort", "strings", "bytes", "fmt", "encoding", "hash", "slices",
            "maps", "iter", "cmp", "unique", "weak", "structs", "context", "container", "machine", "device",
            "tinygo", "log", "path", "regexp", "bufio", "embed", "testing", "debug", "vendor", "net");

    /**
     * Package path of a TinyGo-qualified name: {@code main.count} gives {@code main}; a method's is
     * its receiver's ({@code (*fmt.pp).printArg} is {@code fmt}); type arguments of a generic
     * instantiation do not count ({@code slices.sortFunc[internal/fmtsort.KeyValue]} is {@code slices}).
     */
    public static String packageOf(String qualified) {
        if (qualified == null) return "";
        String q = qualified;
        if (q.startsWith("(")) {
            int close = q.indexOf(')');
            if (close > 0) q = q.substring(1, close).replace("*", "") + q.substring(close + 1);
        }
        int bracket = q.indexOf('[');
        if (bracket >= 0) q = q.substring(0, bracket);
        int slash = q.lastIndexOf('/');
        int dot = q.indexOf('.', slash + 1);
        return dot < 0 ? "" : q.substring(0, dot);
    }

    /** Unqualified name: {@code main.count} gives {@code count}; {@code (*T).m} stays as written after the package. */
    public static String simpleName(String qualified) {
        if (qualified == null) return null;
        String pkg = packageOf(qualified);
        return pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
    }

    public static boolean isStdOrRuntime(String pkg) {
        if (pkg == null || pkg.isEmpty() || pkg.equals("main")) return false;
        int slash = pkg.indexOf('/');
        String root = slash < 0 ? pkg : pkg.substring(0, slash);
        return STD_ROOTS.contains(root);
    }

    /** A name for messages: package {@code main} is implied. */
    public static String display(String qualified) {
        return qualified != null && qualified.startsWith("main.") ? qualified.substring(5) : qualified;
    }

    /**
     * {@code TaskStruct} → {@code task_struct}, {@code LoginUid} → {@code login_uid},
     * {@code PID} → {@code pid}, {@code SkbPID} → {@code skb_pid}, {@code IPv4Addr} → {@code ipv4_addr}.
     * An underscore already in the name is kept ({@code Real_parent} → {@code real_parent}).
     */
    public static String camelToSnake(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && (Character.isLowerCase(s.charAt(i - 1)) || Character.isDigit(s.charAt(i - 1)));
                boolean nextLower = i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
                boolean prevUpper = i > 0 && Character.isUpperCase(s.charAt(i - 1));
                // "IPv4" keeps "v4" with its acronym: a lower-case letter followed by a digit is not a word start
                boolean acronymEnd = prevUpper && nextLower && !(i + 2 < s.length() && Character.isDigit(s.charAt(i + 2)));
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_' && (prevLower || acronymEnd)) sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code map_lookup_elem} → {@code MapLookupElem}. */
    public static String snakeToCamel(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean up = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** A name valid in BTF (C identifier): other characters become '_', a leading digit gets '_'. */
    public static String btfIdentifier(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) sb.insert(0, '_');
        return sb.toString();
    }
}
