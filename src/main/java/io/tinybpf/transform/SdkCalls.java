package io.tinybpf.transform;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Names;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Tok;
import io.tinybpf.ir.Tokens;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SDK's formatted output: {@code bpf.Printk(format, args...)} and the log package's
 * {@code log.Info(format, args...)} (and Error, Warn, Debug, Trace). Both are body-less Go
 * functions taking {@code ...any}; each call is checked and rewritten here, at the call site, so
 * the format is checked against the arguments at the user's Go line:
 *
 * <ul>
 *   <li>the format must be a constant; its Go verbs ({@code %d %v %x %X %c %s %t %p}, flags
 *       {@code 0 - + space} and a width) must match the arguments in number and kind: integers,
 *       bools, pointers, and NUL-terminated byte buffers ({@code [N]byte}, {@code []byte}) for
 *       {@code %s};</li>
 *   <li>Printk becomes {@code bpf_trace_printk} (up to 3 arguments) or {@code bpf_trace_vprintk}
 *       (up to 12) with the format translated to the kernel's ({@code %d} of an int64 is
 *       {@code %lld}, of a uint32 {@code %u}) in a NUL-terminated constant;</li>
 *   <li>a log call becomes a record ({@code u32 site, u32 0, u64 args[n], string slots}) sent
 *       through the log package's ring buffer {@code tinybpf_logs}; the site table
 *       ({@code tinybpf_log_sites} in {@code .rodata}: level, Go position, argument kinds, Go
 *       format) lets userspace ({@code tinybpf run}, generated Go bindings) format the record as
 *       Go's fmt would.</li>
 * </ul>
 *
 * TinyGo passes the arguments as a slice of interfaces built right before the call: each element
 * is a type code (a {@code reflect/types.type:...} global, whose first byte holds the kind) and a
 * value word (the value itself for scalars and pointers, a pointer to a copy for larger values).
 * The rewrite reads those stores and leaves them dead for the optimizer to remove.
 *
 * <p>The rewrite runs before {@code select-programs} so that the ring buffer it references is
 * kept; {@link #table()} runs after it and writes the table for the call sites that survived.
 */
final class SdkCalls {
    static final String SDK = GoNames.SDK_MODULE;
    static final String PRINTK = SDK + "/bpf.Printk";
    static final String LOG_PKG = SDK + "/log";
    static final String LOG_RING = LOG_PKG + ".tinybpf_logs";
    /** The body-less function the level functions call (after TinyGo inlines them, at the user's line). */
    static final String LOG_AT = LOG_PKG + ".logAt";
    static final String LOG_TABLE = "tinybpf_log_sites";
    /** Log levels by function, as in the site table (and aya-log): 1 error ... 5 trace. */
    static final Map<String, Integer> LEVELS = Map.of(LOG_PKG + ".Error", 1, LOG_PKG + ".Warn", 2, LOG_PKG + ".Info", 3,
            LOG_PKG + ".Debug", 4, LOG_PKG + ".Trace", 5);
    static final int MAX_PRINTK_ARGS = 12; // MAX_BPRINTF_VARARGS
    static final int SLICE_SLOT = 64; // bytes copied for a []byte %s in a log record

    /** A log call site, for the table. */
    record Site(int id, String function, int level, String position, List<String> kinds, String format) {}

    private final List<Site> sites = new ArrayList<>();
    private int counter;

    Pass calls() {
        return new Pass() {
            @Override
            public String name() {
                return "sdk-calls";
            }

            @Override
            public String hint() {
                return "bpf.Printk and the log functions take a constant Go format and the values in the call; "
                        + "verbs %d %v %x %X %c %t %p for integers, bools and pointers, %s for a NUL-terminated [N]byte or []byte; "
                        + "see docs/logging.md";
            }

            @Override
            public void run(TransformContext ctx) {
                rewriteAll(ctx);
            }
        };
    }

    Pass table() {
        return new Pass() {
            @Override
            public String name() {
                return "sdk-log-table";
            }

            @Override
            public void run(TransformContext ctx) {
                writeTable(ctx.module());
            }
        };
    }

    // ------------------------------------------------------------------ rewriting

    private void rewriteAll(TransformContext ctx) {
        Module m = ctx.module();
        sites.clear();
        counter = 0;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    BodyLine l = lines.get(i);
                    if (!(l.inst() instanceof Call c)) continue;
                    String callee = c.calleeName();
                    if (callee == null || !(callee.equals(PRINTK) || callee.equals(LOG_AT) || LEVELS.containsKey(callee))) continue;
                    // inside the level functions themselves the format is their parameter: they are
                    // dead once their callers are rewritten
                    if (callee.equals(LOG_AT) && LEVELS.containsKey(f.name())) continue;
                    List<BodyLine> out = rewrite(ctx, f, l, c, callee);
                    if (out == null) continue;
                    int at = i; // the rewrite may have removed lines before the call
                    while (at >= 0 && lines.get(Math.min(at, lines.size() - 1)) != l) at--;
                    lines.remove(at);
                    lines.addAll(at, out);
                    i = at + out.size() - 1;
                }
            }
        }
    }

    /** Argument kinds, as the type code's kind says. */
    enum Kind { SIGNED, UNSIGNED, BOOL, POINTER, BYTES, BYTE_SLICE, STRING, OTHER }

    /** One argument: its kind, bit width (integers) or buffer size (BYTES), and value operand. */
    record Arg(Kind kind, int bits, Operand operand, String typeName) {
        String describe() {
            return switch (kind) {
                case SIGNED -> "int" + bits;
                case UNSIGNED -> "uint" + bits;
                case BOOL -> "bool";
                case POINTER -> "a pointer";
                case BYTES -> "[" + bits + "]byte";
                case BYTE_SLICE -> "[]byte";
                case STRING -> "string";
                case OTHER -> typeName;
            };
        }

        boolean integer() {
            return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
        }
    }

    /** A verb of the Go format: its flags and width, and the verb letter. */
    record Verb(String flags, String width, char letter) {}

    private List<BodyLine> rewrite(TransformContext ctx, Function f, BodyLine l, Call c, String callee) {
        List<Operand> a = new ArrayList<>(c.arguments());
        if (!a.isEmpty() && Helpers.isContextArg(a.getLast())) a.removeLast();
        int level = callee.equals(PRINTK) ? 0 : LEVELS.getOrDefault(callee, -1);
        if (callee.equals(LOG_AT) && a.size() == 7) {
            // logAt(&tinybpf_logs, level, format, args...): a level function inlined into its caller
            Long lv = a.get(1).value() == null ? null : a.get(1).value().intValue();
            level = lv == null ? -1 : (int) (long) lv;
            a = new ArrayList<>(a.subList(2, 7));
        }
        String what = level == 0 ? "bpf.Printk" : "log." + switch (level) {
            case 1 -> "Error";
            case 2 -> "Warn";
            case 3 -> "Info";
            case 4 -> "Debug";
            default -> "Trace";
        };
        if (a.size() != 5 || level < 0) {
            ctx.error(what + ": unexpected call shape (" + a.size() + " arguments)", l, f, null);
            return null;
        }
        String format = constantString(ctx.module(), a.get(0), a.get(1));
        if (format == null) {
            ctx.error(what + ": the format must be a constant string", l, f, null);
            return null;
        }
        Long n = intOf(a.get(3));
        if (n == null) {
            ctx.error(what + ": pass the values in the call (" + what + "(format, a, b)), not a slice with ...", l, f, null);
            return null;
        }
        List<Arg> args = new ArrayList<>();
        String base = a.get(2).value() == null ? null : a.get(2).value().localName();
        if (n > 0) {
            Map<Long, Operand> stored = base == null ? Map.of() : storesInto(f, base);
            for (int i = 0; i < n; i++) {
                Arg arg = argument(ctx.module(), f, stored.get(16L * i), stored.get(16L * i + 8));
                if (arg == null) {
                    ctx.error(what + ": cannot see argument " + (i + 1) + " (pass the values in the call)", l, f, null);
                    return null;
                }
                args.add(arg);
            }
        }
        List<Verb> verbs = new ArrayList<>();
        String problem = parseFormat(format, verbs);
        if (problem == null && verbs.size() != args.size()) {
            problem = "the format has " + verbs.size() + " verb" + (verbs.size() == 1 ? "" : "s") + " but " + args.size()
                    + (args.size() == 1 ? " argument follows" : " arguments follow");
        }
        for (int i = 0; problem == null && i < verbs.size(); i++) problem = check(verbs.get(i), args.get(i), i + 1);
        if (problem == null && level == 0 && args.size() > MAX_PRINTK_ARGS) {
            problem = "the kernel prints at most " + MAX_PRINTK_ARGS + " arguments, got " + args.size();
        }
        if (problem != null) {
            ctx.error(what + "(" + Names.quote(format) + "): " + problem, l, f, null);
            return null;
        }
        int dbg = l.attachment("dbg");
        // an inlined level function's #dbg_value of its format parameter would keep the Go string
        // (which the record replaces by a site number) alive through optimization
        if (a.get(0).value() instanceof Value.Global fmtRef) {
            for (Function.Block b : f.blocks()) b.lines().removeIf(x -> x.kind() == BodyLine.Kind.DEBUG_RECORD && refersTo(x, fmtRef.name()));
        }
        // the interface slice (and slice headers boxed in it) is dead once the call is rewritten:
        // removed here, its type codes are no longer referenced and are dropped with the rest
        if (base != null) {
            for (Arg arg : args) {
                if (arg.kind() == Kind.BYTE_SLICE) removeDeadStores(f, boxedHeader(f, base, args.indexOf(arg)), l);
            }
            removeDeadStores(f, base, l);
        }
        counter++;
        if (level == 0) return printk(ctx.module(), f, format, verbs, args, dbg);
        SourcePos pos = ctx.debug().position(l);
        return logRecord(ctx, f, level, pos == null ? "?" : pos.file() + ":" + pos.line(), format, args, dbg);
    }

    /** Whether a line names global {@code name}. */
    private static boolean refersTo(BodyLine l, String name) {
        Tokens t = l.tokens();
        for (int i = 0; i < t.size(); i++) if (t.kind(i) == Tok.GLOBAL && t.identName(i).equals(name)) return true;
        return false;
    }

    private static Long intOf(Operand o) {
        return o == null || o.value() == null ? null : o.value().intValue();
    }

    /** The bytes of {@code ptr @str, i64 len} when @str is a constant byte array. */
    private static String constantString(Module m, Operand ptr, Operand lenArg) {
        Long len = intOf(lenArg);
        if (len == null) return null;
        if (len == 0) return "";
        if (!(ptr.value() instanceof Value.Global ref)) return null;
        GlobalVar g = m.globalVar(ref.name());
        if (g == null || !g.isConstant() || !(g.initializerValue() instanceof Value.Bytes b)) return null;
        if (len > b.bytes().length) return null;
        return new String(b.bytes(), 0, (int) (long) len, StandardCharsets.UTF_8);
    }

    /**
     * Operands stored into {@code base} and into constant offsets of it, by offset: the interface
     * elements of the variadic slice (type code, then value word, per element).
     */
    private static Map<Long, Operand> storesInto(Function f, String base) {
        Map<String, Long> offsets = new HashMap<>();
        offsets.put(base, 0L);
        Map<Long, Operand> out = new HashMap<>();
        for (BodyLine l : f.allLines()) {
            switch (l.inst()) {
                case Inst.Gep g when g.result() != null && Type.I8.equals(g.sourceType()) && g.indices().size() == 1 -> {
                    Long baseOff = g.base().value() == null ? null : offsets.get(g.base().value().localName());
                    Long idx = intOf(g.indices().getFirst());
                    if (baseOff != null && idx != null) offsets.put(g.result(), baseOff + idx);
                }
                case Inst.Store st -> {
                    Long off = st.pointer().value() == null ? null : offsets.get(st.pointer().value().localName());
                    if (off != null) out.putIfAbsent(off, st.value());
                }
                case null, default -> { }
            }
        }
        return out;
    }

    /** The slice header a variadic element's value word points to. */
    private static String boxedHeader(Function f, String base, int index) {
        Operand v = storesInto(f, base).get(16L * index + 8);
        return v == null || v.value() == null ? null : v.value().localName();
    }

    /**
     * Removes the allocation {@code base}, the constant-offset pointers into it and the stores
     * through them, when nothing else (but {@code call}, about to be replaced) uses them.
     */
    private static void removeDeadStores(Function f, String base, BodyLine call) {
        if (base == null) return;
        Set<String> derived = new HashSet<>(List.of(base));
        Set<BodyLine> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean grew = true;
        while (grew) {
            grew = false;
            for (BodyLine l : f.allLines()) {
                if (!l.isInstruction() || doomed.contains(l)) continue;
                switch (l.inst()) {
                    case Inst.Gep g when g.result() != null && g.base().value() != null && derived.contains(g.base().value().localName()) -> {
                        grew |= derived.add(g.result());
                        doomed.add(l);
                    }
                    case Inst.Store st when st.pointer().value() != null && derived.contains(st.pointer().value().localName())
                            && (st.value().value() == null || !derived.contains(st.value().value().localName())) -> doomed.add(l);
                    case Call c when c.result() != null && derived.contains(c.result()) -> doomed.add(l); // the runtime.alloc of base
                    case null, default -> { }
                }
            }
        }
        for (BodyLine l : f.allLines()) {
            if (!l.isInstruction() || doomed.contains(l) || l == call) continue;
            for (String u : l.localOperands()) if (derived.contains(u)) return; // still used: keep it all
        }
        for (Function.Block b : f.blocks()) {
            // a #dbg_value of a removed pointer would refer to an undefined value
            b.lines().removeIf(l -> doomed.contains(l)
                    || (l.kind() == BodyLine.Kind.DEBUG_RECORD && l.localOperands().stream().anyMatch(derived::contains)));
        }
    }

    /** An argument from its type code operand and value word operand. */
    private static Arg argument(Module m, Function f, Operand typeOperand, Operand valueOperand) {
        if (typeOperand == null || valueOperand == null || !(typeOperand.value() instanceof Value.Global tg)) return null;
        String typeName = tg.name();
        GlobalVar tc = m.globalVar(typeName);
        int kind = typeKind(tc);
        String prefix = "reflect/types.type:";
        String display = typeName.startsWith(prefix) ? typeName.substring(prefix.length()) : typeName;
        return switch (kind) {
            case 1 -> new Arg(Kind.BOOL, 1, valueOperand, display);
            case 2 -> new Arg(Kind.SIGNED, 64, valueOperand, display);
            case 3 -> new Arg(Kind.SIGNED, 8, valueOperand, display);
            case 4 -> new Arg(Kind.SIGNED, 16, valueOperand, display);
            case 5 -> new Arg(Kind.SIGNED, 32, valueOperand, display);
            case 6 -> new Arg(Kind.SIGNED, 64, valueOperand, display);
            case 7 -> new Arg(Kind.UNSIGNED, 64, valueOperand, display);
            case 8 -> new Arg(Kind.UNSIGNED, 8, valueOperand, display);
            case 9 -> new Arg(Kind.UNSIGNED, 16, valueOperand, display);
            case 10 -> new Arg(Kind.UNSIGNED, 32, valueOperand, display);
            case 11, 12 -> new Arg(Kind.UNSIGNED, 64, valueOperand, display);
            case 17 -> new Arg(Kind.STRING, 0, valueOperand, display);
            case 18, 21 -> new Arg(Kind.POINTER, 64, valueOperand, display);
            case 22 -> {
                if (!byteElement(m, tc, 4)) yield new Arg(Kind.OTHER, 0, valueOperand, display);
                // the value word points to the slice header {data, len, cap}: its data pointer
                String header = valueOperand.value() == null ? null : valueOperand.value().localName();
                Operand data = header == null ? null : storesInto(f, header).get(0L);
                yield data == null ? null : new Arg(Kind.BYTE_SLICE, SLICE_SLOT, data, display);
            }
            case 23 -> {
                long len = arrayLength(tc);
                yield byteElement(m, tc, 3) && len > 0 ? new Arg(Kind.BYTES, (int) len, valueOperand, display)
                        : new Arg(Kind.OTHER, 0, valueOperand, display);
            }
            default -> new Arg(Kind.OTHER, 0, valueOperand, display);
        };
    }

    /** The elements of a type code's initializer, or empty. */
    private static List<Operand> fields(GlobalVar tc) {
        return tc != null && tc.initializerValue() instanceof Value.Aggregate agg && agg.open() == '{' ? agg.elements() : List.of();
    }

    /** TinyGo's type kind: the low 5 bits of a type code's first byte. */
    private static int typeKind(GlobalVar tc) {
        List<Operand> fs = fields(tc);
        Long k = fs.isEmpty() || !Type.I8.equals(fs.getFirst().type()) ? null : intOf(fs.getFirst());
        return k == null ? -1 : (int) (k & 0x1f);
    }

    /** Whether field {@code index} of an array or slice type code is a byte type. */
    private static boolean byteElement(Module m, GlobalVar tc, int index) {
        List<Operand> fs = fields(tc);
        if (fs.size() <= index || !(fs.get(index).value() instanceof Value.Global elem)) return false;
        int k = typeKind(m.globalVar(elem.name()));
        return k == 3 || k == 8;
    }

    private static long arrayLength(GlobalVar tc) {
        List<Operand> fs = fields(tc);
        Long v = fs.size() < 5 ? null : intOf(fs.get(4));
        return v == null ? -1 : v;
    }

    // ------------------------------------------------------------------ formats

    /** Splits a Go format into verbs; a problem description, or null. */
    static String parseFormat(String format, List<Verb> verbs) {
        for (int i = 0; i < format.length(); i++) {
            if (format.charAt(i) != '%') continue;
            int j = i + 1;
            if (j < format.length() && format.charAt(j) == '%') {
                i = j;
                continue;
            }
            int fs = j;
            while (j < format.length() && "+-# 0".indexOf(format.charAt(j)) >= 0) j++;
            String flags = format.substring(fs, j);
            int ws = j;
            while (j < format.length() && Character.isDigit(format.charAt(j))) j++;
            String width = format.substring(ws, j);
            if (j < format.length() && format.charAt(j) == '.') return "precision (" + format.substring(i, Math.min(j + 2, format.length())) + ") is not supported by the kernel's printf";
            if (j < format.length() && (format.charAt(j) == '[' || format.charAt(j) == '*')) return "argument indexes and * widths are not supported";
            if (j >= format.length()) return "the format ends in the middle of a verb";
            if (flags.indexOf('#') >= 0) return "the # flag is not supported by the kernel's printf";
            verbs.add(new Verb(flags, width, format.charAt(j)));
            i = j;
        }
        return null;
    }

    private static final char PERCENT = '%';

    /** {@code %d} for messages. */
    static String verbName(Verb v) {
        return PERCENT + String.valueOf(v.letter());
    }

    /** Whether a verb fits an argument; a problem description, or null. */
    static String check(Verb v, Arg a, int position) {
        String at = verbName(v) + " (argument " + position + ", " + a.describe() + ")";
        switch (v.letter()) {
            case 'd', 'x', 'X', 'c' -> {
                if (a.integer()) return null;
                if (v.letter() == 'd' && a.kind() == Kind.BOOL) return null;
                return at + " needs an integer";
            }
            case 'v' -> {
                if (a.integer() || a.kind() == Kind.BOOL || a.kind() == Kind.POINTER) return null;
                if (a.kind() == Kind.BYTES || a.kind() == Kind.BYTE_SLICE) return at + ": use %s for byte buffers";
                return at + ": only integers, bools and pointers can be printed";
            }
            case 't' -> {
                return a.kind() == Kind.BOOL ? null : at + " needs a bool";
            }
            case 'p' -> {
                return a.kind() == Kind.POINTER || a.kind() == Kind.BYTE_SLICE ? null : at + " needs a pointer";
            }
            case 's' -> {
                if (a.kind() == Kind.BYTES || a.kind() == Kind.BYTE_SLICE) return null;
                if (a.kind() == Kind.STRING) {
                    return at + ": Go strings are not NUL-terminated; print a [N]byte or []byte buffer, or put constant text in the format";
                }
                return at + " needs a NUL-terminated [N]byte or []byte";
            }
            default -> {
                return verbName(v) + " is not supported (the kernel's printf has %d %x %X %c %s %p; Go's %v %t map to them)";
            }
        }
    }

    /** The kernel printf conversion of a checked verb and argument. */
    static String kernelVerb(Verb v, Arg a) {
        String ll = a.integer() && a.bits() == 64 ? "ll" : "";
        String conv = switch (v.letter()) {
            case 'd', 'v', 't' -> {
                if (a.kind() == Kind.POINTER) yield "px";
                if (a.kind() == Kind.BOOL) yield "d";
                yield ll + (a.kind() == Kind.SIGNED ? "d" : "u");
            }
            case 'x', 'X' -> ll + v.letter();
            case 'c' -> "c";
            case 's' -> "s";
            case 'p' -> "px";
            default -> throw new IllegalStateException("unchecked verb " + v.letter());
        };
        return PERCENT + v.flags() + v.width() + conv;
    }

    static String kernelFormat(String format, List<Verb> verbs, List<Arg> args) {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch != '%') {
                sb.append(ch);
                continue;
            }
            if (format.charAt(i + 1) == '%') {
                sb.append("%%");
                i++;
                continue;
            }
            int j = i + 1;
            while ("+-# 0".indexOf(format.charAt(j)) >= 0 || Character.isDigit(format.charAt(j))) j++;
            sb.append(kernelVerb(verbs.get(k), args.get(k)));
            k++;
            i = j;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ code

    /** Lines converting an argument's value word to the i64 the helpers take; returns its name. */
    private static String toI64(Function f, List<BodyLine> out, Arg a, int dbg) {
        String word = f.freshName("sdk.arg");
        out.add(Build.cast(word, "ptrtoint", a.operand(), Type.I64).dbg(dbg).line());
        if (a.kind() == Kind.SIGNED && a.bits() < 64) {
            // TinyGo packs a small int zero-extended into the pointer-sized word; the kernel's %d of
            // an int8 -1 must see -1
            Type.Int narrow = new Type.Int(a.bits());
            String t = f.freshName("sdk.trunc"), x = f.freshName("sdk.sext");
            out.add(Build.cast(t, "trunc", Operand.of(Type.I64, Value.local(word)), narrow).dbg(dbg).line());
            out.add(Build.cast(x, "sext", Operand.of(narrow, Value.local(t)), Type.I64).dbg(dbg).line());
            return x;
        }
        return word;
    }

    private static Value helper(String goName) {
        HelperTable.Helper h = HelperTable.get().byGoName(goName);
        if (h == null) throw new IllegalStateException("helper " + goName + " missing from helpers.tsv");
        return new Value.IntToPtr(Type.I64, h.id());
    }

    /** A NUL-terminated constant in .rodata (private: the Globals pass keeps its name). */
    private static String constant(Module m, String name, byte[] bytes, List<String> qualifiers) {
        m.addGlobal(new Module.GlobalDef(name, qualifiers, true, new Type.Array(bytes.length, Type.I8), new Value.Bytes(bytes), null, 1, -1));
        return name;
    }

    private List<BodyLine> printk(Module m, Function f, String format, List<Verb> verbs, List<Arg> args, int dbg) {
        byte[] fmt = (kernelFormat(format, verbs, args) + "\0").getBytes(StandardCharsets.UTF_8);
        String g = constant(m, "sdk.printk." + counter, fmt, List.of("private"));
        List<BodyLine> out = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Arg a : args) values.add(toI64(f, out, a, dbg));
        List<Operand> call = new ArrayList<>(List.of(Operand.ptr(Value.global(g)), Operand.i32(fmt.length)));
        if (args.size() <= 3) {
            for (String v : values) call.add(Operand.of(Type.I64, Value.local(v)));
            out.add(Build.call(null, Type.I64, helper("bpfTracePrintk"), call).dbg(dbg).line());
            return out;
        }
        // bpf_trace_vprintk: the arguments as an array of u64 on the stack
        Type.Array bufType = new Type.Array(args.size(), Type.I64);
        String buf = f.freshName("sdk.printk.args");
        f.insertAtEntry(Build.alloca(buf, bufType, 8).line());
        for (int i = 0; i < values.size(); i++) {
            String e = f.freshName("sdk.printk.arg");
            out.add(Build.gep(e, true, bufType, Value.local(buf), List.of(Operand.i64(0), Operand.i64(i))).dbg(dbg).line());
            out.add(Build.store(Operand.of(Type.I64, Value.local(values.get(i))), Value.local(e), 8).dbg(dbg).line());
        }
        call.add(Operand.ptr(Value.local(buf)));
        call.add(Operand.i32(8L * args.size()));
        out.add(Build.call(null, Type.I64, helper("bpfTraceVprintk"), call).dbg(dbg).line());
        return out;
    }

    private List<BodyLine> logRecord(TransformContext ctx, Function f, int level, String position, String format, List<Arg> args, int dbg) {
        Module m = ctx.module();
        if (m.globalVar(LOG_RING) == null) {
            ctx.error("the log package's ring buffer " + LOG_RING + " is missing (an SDK older than this tinybpf?)", (SourcePos) null, null);
            return null;
        }
        int id = sites.size();
        List<String> kinds = new ArrayList<>();
        int size = 8 + 8 * args.size();
        for (Arg a : args) {
            kinds.add(switch (a.kind()) {
                case SIGNED -> "i" + a.bits();
                case UNSIGNED -> "u" + a.bits();
                case BOOL -> "bool";
                case POINTER -> "ptr";
                case BYTES, BYTE_SLICE -> "s" + a.bits();
                default -> throw new IllegalStateException("unchecked argument " + a);
            });
            if (a.kind() == Kind.BYTES || a.kind() == Kind.BYTE_SLICE) size += (a.bits() + 7) / 8 * 8;
        }
        sites.add(new Site(id, f.name(), level, position, kinds, format));
        String rec = f.freshName("sdk.log.record");
        f.insertAtEntry(Build.alloca(rec, new Type.Array(size, Type.I8), 8).line());
        Value recPtr = Value.local(rec);
        List<BodyLine> out = new ArrayList<>();
        out.add(Build.store(Operand.i64(id), recPtr, 8).dbg(dbg).line());
        int slot = 8 + 8 * args.size();
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            String at = f.freshName("sdk.log.arg");
            out.add(Build.gep(at, true, Type.I8, recPtr, List.of(Operand.i64(8 + 8L * i))).dbg(dbg).line());
            if (a.kind() == Kind.BYTES || a.kind() == Kind.BYTE_SLICE) {
                // the text itself goes into the record: userspace cannot follow a kernel pointer
                String text = f.freshName("sdk.log.text");
                out.add(Build.store(Operand.i64(a.bits()), Value.local(at), 8).dbg(dbg).line());
                out.add(Build.gep(text, true, Type.I8, recPtr, List.of(Operand.i64(slot))).dbg(dbg).line());
                out.add(Build.call(null, Type.I64, helper("bpfProbeReadKernelStr"),
                        List.of(Operand.ptr(Value.local(text)), Operand.i32(a.bits()), a.operand())).dbg(dbg).line());
                slot += (a.bits() + 7) / 8 * 8;
                continue;
            }
            String v = toI64(f, out, a, dbg);
            out.add(Build.store(Operand.of(Type.I64, Value.local(v)), Value.local(at), 8).dbg(dbg).line());
        }
        out.add(Build.call(null, Type.I64, helper("bpfRingbufOutput"), List.of(Operand.ptr(Value.global(LOG_RING)),
                Operand.ptr(recPtr), Operand.i64(size), Operand.i64(0))).dbg(dbg).line());
        return out;
    }

    // ------------------------------------------------------------------ the site table

    /**
     * {@code tinybpf_log_sites}: a NUL-terminated text in {@code .rodata}, one line per call site
     * that survived program selection: {@code id TAB level TAB position TAB kinds TAB format},
     * the format with backslash, tab and newline escaped.
     */
    private void writeTable(Module m) {
        List<Site> live = new ArrayList<>();
        for (Site s : sites) if (m.function(s.function()) != null) live.add(s);
        if (live.isEmpty()) return;
        StringBuilder sb = new StringBuilder("tinybpf-log-sites v1\n");
        for (Site s : live) {
            sb.append(s.id()).append('\t').append(s.level()).append('\t').append(escape(s.position())).append('\t')
                    .append(String.join(",", s.kinds())).append('\t').append(escape(s.format())).append('\n');
        }
        // hidden: kept (not internal) but not a variable loaders offer to set
        constant(m, LOG_TABLE, (sb + "\0").getBytes(StandardCharsets.UTF_8), List.of("hidden"));
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
