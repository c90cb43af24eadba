package io.tinybpf.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Go identifiers, package names and file names derived from BPF names (BTF type names, program
 * and map symbols, project names). Only ASCII letters and digits survive; everything else
 * separates words.
 */
public final class GoIdent {
    private GoIdent() {}

    /** Go's keywords: never a package name or identifier. */
    public static final Set<String> KEYWORDS = Set.of("break", "case", "chan", "const", "continue", "default", "defer",
            "else", "fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
            "return", "select", "struct", "switch", "type", "var");

    /**
     * GOOS and GOARCH values: a file name ending in {@code _<one of these>} (before {@code .go}) is
     * built only for that system, and {@code _test} makes a test file.
     */
    public static final Set<String> FILE_SUFFIXES = Set.of("test", "aix", "android", "darwin", "dragonfly", "freebsd",
            "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows",
            "zos", "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64",
            "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x",
            "sparc", "sparc64", "wasm");

    /** Words of a name: runs of ASCII letters and digits. {@code "tc-port_drop"} is {@code [tc, port, drop]}. */
    public static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isAsciiAlnum(c)) {
                w.append(c);
            } else if (!w.isEmpty()) {
                out.add(w.toString());
                w.setLength(0);
            }
        }
        if (!w.isEmpty()) out.add(w.toString());
        return out;
    }

    /**
     * An exported Go identifier: each word with its first letter upper-cased and the rest kept
     * ({@code connectEvent} → {@code ConnectEvent}, {@code task_struct} → {@code TaskStruct},
     * {@code PID} → {@code PID}). Empty when the name has no letters or digits. A leading digit is
     * kept: callers put a prefix in front.
     */
    public static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String w : words(name)) sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        return sb.toString();
    }

    /** {@link #camel} that always starts with an upper-case letter ({@code F} is put before a digit). */
    public static String exported(String name) {
        String c = camel(name);
        if (c.isEmpty()) return c;
        return Character.isDigit(c.charAt(0)) ? "F" + c : c;
    }

    /**
     * A C/BPF identifier (program function and ELF symbol name): lower case, words joined by
     * {@code _}; {@code my-probe} → {@code my_probe}. Names starting with a digit get {@code p_}.
     */
    public static String snake(String name) {
        String s = String.join("_", words(name)).toLowerCase(Locale.ROOT);
        if (s.isEmpty()) return s;
        return Character.isDigit(s.charAt(0)) ? "p_" + s : s;
    }

    /**
     * A Go package name: lower-case letters and digits only ({@code my-probe} → {@code myprobe}).
     * Empty input, a leading digit, a keyword or {@code main} (which would make a command, not an
     * importable package) get {@code fallbackSuffix} appended or prepended so the result is valid.
     */
    public static String packageName(String name, String fallbackSuffix) {
        String s = String.join("", words(name)).toLowerCase(Locale.ROOT);
        if (s.isEmpty()) return fallbackSuffix;
        if (Character.isDigit(s.charAt(0))) s = fallbackSuffix + s;
        if (KEYWORDS.contains(s) || s.equals("main")) s = s + fallbackSuffix;
        return s;
    }

    /** Whether {@code s} is a valid Go identifier (ASCII letters, digits, {@code _}; no keyword). */
    public static boolean isIdentifier(String s) {
        if (s.isEmpty() || KEYWORDS.contains(s)) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || isAsciiAlnum(c)) || (i == 0 && Character.isDigit(c))) return false;
        }
        return true;
    }

    public static boolean isExported(String s) {
        return isIdentifier(s) && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z';
    }

    /**
     * A file-name stem the Go tool treats as an ordinary source file: lower-case words joined by
     * {@code -} ({@code My_Probe} → {@code my-probe}). Hyphens never form a {@code _GOOS},
     * {@code _GOARCH} or {@code _test} suffix, so {@code <stem>.go} is always built.
     */
    public static String fileStem(String name) {
        return String.join("-", words(name)).toLowerCase(Locale.ROOT);
    }

    /** Whether {@code fileName} (e.g. {@code x_linux.go}) would be constrained by its name. */
    public static boolean hasConstrainingSuffix(String fileName) {
        String stem = fileName.endsWith(".go") ? fileName.substring(0, fileName.length() - 3) : fileName;
        int u = stem.lastIndexOf('_');
        return u > 0 && FILE_SUFFIXES.contains(stem.substring(u + 1));
    }

    static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A Go interpreted string literal. */
    public static String quote(String s) {
        return quote(s, "\\x%02x");
    }

    /** A double-quoted literal; other control characters are written with {@code controlFormat} (Go {@code \\x%02x}, Java a unicode escape). */
    static String quote(String s, String controlFormat) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format(controlFormat, (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
