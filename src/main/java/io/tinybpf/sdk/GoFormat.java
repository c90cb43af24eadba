package io.tinybpf.sdk;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * Go's fmt formatting for the values a log record carries, so that {@code tinybpf run} shows a
 * record as the Go program's own {@code fmt.Sprintf} would: integers (signed or unsigned, any
 * width), bools, pointers and strings, with the verbs the SDK allows ({@code %d %v %x %X %c %t
 * %p %s}), flags {@code + - space 0} and widths. The build already checked verbs against
 * arguments; anything unexpected is shown the way Go shows a bad verb ({@code %!d(...)}).
 */
public final class GoFormat {
    private GoFormat() {}

    /** A pointer, printed as Go prints one (0x...). */
    public record Pointer(long address) {}

    /** The Java value of a raw record word: {@code i32} sign-extends, {@code u64} is unsigned. */
    static Object value(String kind, long raw) {
        return switch (kind) {
            case "bool" -> raw != 0;
            case "ptr" -> new Pointer(raw);
            case "i8" -> (long) (byte) raw;
            case "i16" -> (long) (short) raw;
            case "i32" -> (long) (int) raw;
            case "i64" -> raw;
            case "u8" -> BigInteger.valueOf(raw & 0xff);
            case "u16" -> BigInteger.valueOf(raw & 0xffff);
            case "u32" -> BigInteger.valueOf(raw & 0xffffffffL);
            default -> new BigInteger(Long.toUnsignedString(raw)); // u64
        };
    }

    public static String sprintf(String format, List<Object> args) {
        StringBuilder sb = new StringBuilder();
        int ai = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 < format.length() && format.charAt(i + 1) == '%') {
                sb.append('%');
                i++;
                continue;
            }
            int j = i + 1;
            boolean minus = false, plus = false, space = false, zero = false;
            for (; j < format.length(); j++) {
                char f = format.charAt(j);
                if (f == '-') minus = true;
                else if (f == '+') plus = true;
                else if (f == ' ') space = true;
                else if (f == '0') zero = true;
                else break;
            }
            int width = 0;
            while (j < format.length() && Character.isDigit(format.charAt(j))) width = width * 10 + (format.charAt(j++) - '0');
            if (j >= format.length()) {
                sb.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(j);
            i = j;
            if (ai >= args.size()) {
                sb.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object a = args.get(ai++);
            String s = one(verb, a, plus, space);
            boolean numeric = a instanceof Long || a instanceof BigInteger;
            sb.append(pad(s, width, minus, zero && !minus && numeric));
        }
        return sb.toString();
    }

    private static String one(char verb, Object a, boolean plus, boolean space) {
        if (a instanceof Long || a instanceof BigInteger) {
            BigInteger v = a instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) a;
            String sign = v.signum() < 0 ? "-" : plus ? "+" : space ? " " : "";
            BigInteger abs = v.abs();
            return switch (verb) {
                case 'd', 'v' -> sign + abs;
                case 'x' -> sign + abs.toString(16);
                case 'X' -> sign + abs.toString(16).toUpperCase(Locale.ROOT);
                case 'c' -> new String(Character.toChars(v.intValue()));
                default -> bad(verb, v.toString());
            };
        }
        if (a instanceof Boolean b) return verb == 't' || verb == 'v' ? b.toString() : bad(verb, b.toString());
        if (a instanceof Pointer p) return verb == 'p' || verb == 'v' ? "0x" + Long.toHexString(p.address()) : bad(verb, "0x" + Long.toHexString(p.address()));
        if (a instanceof String s) return verb == 's' || verb == 'v' ? s : bad(verb, s);
        return bad(verb, String.valueOf(a));
    }

    private static String bad(char verb, String v) {
        return "%!" + verb + "(" + v + ")";
    }

    private static String pad(String s, int width, boolean left, boolean zero) {
        if (s.length() >= width) return s;
        String fill = (zero ? "0" : " ").repeat(width - s.length());
        if (left) return s + fill;
        if (zero && (s.startsWith("-") || s.startsWith("+") || s.startsWith(" "))) return s.charAt(0) + fill + s.substring(1);
        return fill + s;
    }
}
