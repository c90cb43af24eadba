package io.tinybpf.transform;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rejects Go constructs that need what BPF does not have — the TinyGo runtime (maps, string
 * concatenation, channels, append, defer), indirect calls, recursion, external functions, floating
 * point — each once, at the user's Go line, all at once.
 *
 * <p>Code of the standard library and the runtime is not the user's: a problem there is reported at
 * the user's call into it, naming the library function ({@code fmt.Println needs the Go runtime}),
 * whether the call was inlined or not, instead of dozens of errors inside the runtime.
 */
final class CheckConstructs implements Pass {
    /** Constructs that need the runtime even when TinyGo inlined their implementation. */
    private static final Set<String> INLINED_RUNTIME = Set.of("a channel operation", "a Go map", "a goroutine or blocking operation",
            "the garbage collector");

    private static final Set<String> FLOAT_OPS = Set.of("fadd", "fsub", "fmul", "fdiv", "frem", "fneg", "fcmp",
            "fptosi", "fptoui", "sitofp", "uitofp", "fpext", "fptrunc");

    @Override
    public String name() {
        return "check-constructs";
    }

    @Override
    public String hint() {
        return "BPF programs run without the Go runtime: use fixed-size arrays and structs, BPF maps instead of Go maps, "
                + "integers instead of floats, and concrete types instead of interfaces";
    }

    /** One problem in one function, before it is attributed to the user's code. */
    private record Finding(String construct, String message, BodyLine at, String hint, SourcePos pos) {
        Finding(String construct, String message, BodyLine at, String hint) {
            this(construct, message, at, hint, null);
        }
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        Map<String, Set<String>> calls = new HashMap<>();
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            List<Finding> own = new ArrayList<>();
            Set<String> callees = new HashSet<>();
            scan(ctx, m, f, own, callees);
            findings.put(f.name(), own);
            calls.put(f.name(), callees);
        }
        Map<String, Finding> badLibrary = badLibraryFunctions(ctx, m, findings, calls);
        record Seen(String construct, SourcePos at) {}
        Set<Seen> reported = new HashSet<>();
        for (Function f : m.functions()) {
            if (f.isDeclaration() || isLibrary(ctx, f)) continue;
            for (Finding x : attribute(ctx, m, f, findings.get(f.name()), badLibrary)) {
                SourcePos at = x.pos() != null ? x.pos() : ctx.debug().position(x.at());
                if (!reported.add(new Seen(x.construct(), at))) continue;
                if (x.pos() != null) ctx.error(x.message(), x.pos(), ctx.debug().displayName(f), x.hint());
                else ctx.error(x.message(), x.at(), f, x.hint());
            }
        }
        recursion(ctx, m, calls);
    }

    /**
     * Findings of one function, attributed to the user: a problem in library code (inlined here, or
     * in a library function called from here) is one finding per library package, at the first
     * user line that reaches it, naming the package and where in it the problem is.
     */
    private static List<Finding> attribute(TransformContext ctx, Module m, Function f, List<Finding> own, Map<String, Finding> badLibrary) {
        List<Finding> out = new ArrayList<>();
        Map<String, Finding> byPackage = new LinkedHashMap<>();
        for (Finding x : own) {
            String lib = libraryFrame(ctx, x.at());
            // the runtime implements language constructs (maps, channels, append): name the construct
            if (lib == null || GoNames.packageOf(lib).equals("runtime")) {
                out.add(x);
                continue;
            }
            libraryFinding(ctx, byPackage, lib, x.message(), x.at());
        }
        if (!badLibrary.isEmpty() && !usesDefer(f)) {
            for (BodyLine l : f.allLines()) {
                if (!(l.inst() instanceof Call c) || c.calleeName() == null) continue;
                Finding why = badLibrary.get(c.calleeName());
                if (why == null) continue;
                Problem construct = c.calleeName().startsWith("runtime.") ? describe(m, c.calleeName()) : null;
                if (construct != null) out.add(new Finding(construct.construct(), construct.message(), l, construct.hint()));
                else libraryFinding(ctx, byPackage, ctx.debug().goName(m.function(c.calleeName())), why.message(), l);
            }
        }
        // a library problem no user line reaches is collateral of one that is placed: keep the placed ones
        boolean anyPlaced = byPackage.values().stream().anyMatch(x -> placed(ctx, x.at()));
        for (Finding x : byPackage.values()) if (!anyPlaced || placed(ctx, x.at())) out.add(x);
        return out;
    }

    /** A position in a real source file (TinyGo names generated code "<Go interface method>"). */
    private static boolean placed(TransformContext ctx, BodyLine at) {
        SourcePos p = ctx.debug().position(at);
        return p != null && !p.file().startsWith("<");
    }

    /** Keeps the first finding per package, preferring one with a position in the user's code. */
    private static void libraryFinding(TransformContext ctx, Map<String, Finding> byPackage, String lib, String why, BodyLine at) {
        String pkg = GoNames.packageOf(lib);
        Finding prev = byPackage.get(pkg);
        if (prev != null && (placed(ctx, prev.at()) || !placed(ctx, at))) return;
        String message = "package " + pkg + " cannot run in BPF: " + GoNames.display(lib) + " needs what BPF lacks ("
                + why.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + why.substring(1) + ")";
        byPackage.put(pkg, new Finding("package " + pkg, message, at, libraryHint(lib)));
    }

    /** The outermost library function the instruction was inlined from, when it is library code inlined into user code. */
    private static String libraryFrame(TransformContext ctx, BodyLine l) {
        List<String> frames = ctx.debug().inlineFrames(l); // innermost first
        String lib = null;
        for (String fn : frames) {
            if (isLibraryName(fn)) lib = fn;
            else break;
        }
        return lib != null && frames.size() > 1 && !isLibraryName(frames.getLast()) ? lib : null;
    }

    private static String libraryHint(String lib) {
        String pkg = GoNames.packageOf(lib);
        if (pkg.equals("fmt") || pkg.equals("log") || pkg.equals("os")) {
            return "to print from the kernel, call the bpf_trace_printk helper (declared as bpfTracePrintk) and read "
                    + "/sys/kernel/tracing/trace_pipe; BPF has no standard output";
        }
        return "BPF programs cannot use packages that need the Go runtime; use fixed-size data, BPF maps and helpers";
    }

    /**
     * Library functions that cannot run in BPF (their own problems, or calls to such functions), with
     * the first reason. Their problems are never reported inside the library.
     */
    private static Map<String, Finding> badLibraryFunctions(TransformContext ctx, Module m, Map<String, List<Finding>> findings,
                                                            Map<String, Set<String>> calls) {
        Map<String, Finding> bad = new HashMap<>();
        Deque<String> work = new ArrayDeque<>();
        for (Map.Entry<String, List<Finding>> e : findings.entrySet()) {
            Function f = m.function(e.getKey());
            if (!e.getValue().isEmpty() && isLibrary(ctx, f)) {
                bad.put(e.getKey(), e.getValue().getFirst());
                work.add(e.getKey());
            }
        }
        Map<String, List<String>> callers = new HashMap<>();
        calls.forEach((caller, callees) -> {
            for (String c : callees) callers.computeIfAbsent(c, k -> new ArrayList<>()).add(caller);
        });
        while (!work.isEmpty()) {
            String f = work.poll();
            for (String caller : callers.getOrDefault(f, List.of())) {
                Function cf = m.function(caller);
                if (cf != null && isLibrary(ctx, cf) && !bad.containsKey(caller)) {
                    bad.put(caller, bad.get(f));
                    work.add(caller);
                }
            }
        }
        return bad;
    }

    /** The problems of one function's own instructions; its direct callees go to {@code callees}. */
    private static void scan(TransformContext ctx, Module m, Function f, List<Finding> out, Set<String> callees) {
        if (usesDefer(f)) {
            BodyLine first = f.entryBlock().lines().stream().filter(BodyLine::isInstruction).findFirst().orElse(null);
            out.add(new Finding("defer", "defer is not supported: it needs the Go runtime's defer frames", first,
                    "call the deferred function explicitly before each return", deferPosition(ctx, f)));
        }
        boolean deferring = usesDefer(f);
        if (deferring) return; // everything else in the function is the defer machinery
        for (BodyLine l : f.allLines()) {
            if (!l.isInstruction()) continue;
            String inlined = inlinedConstruct(ctx, l);
            if (inlined != null) {
                out.add(new Finding(inlined, inlined + " needs the Go runtime, which does not exist in BPF", l, null));
                continue;
            }
            if (FLOAT_OPS.contains(l.opcode())) {
                out.add(new Finding("float", "floating-point arithmetic is not supported by BPF", l,
                        "use integer arithmetic (fixed point), e.g. scale values by 1000"));
                continue;
            }
            if (!(l.inst() instanceof Call c)) continue;
            String callee = c.calleeName();
            if (callee == null) {
                if (c.callee() instanceof Value.Local) {
                    out.add(new Finding("indirect call", "indirect call through a function value or interface is not supported by BPF", l,
                            "call functions directly; BPF has no function pointers (use tail calls for dispatch)"));
                } else if (c.isInlineAsm() && !deferring && !bpfInlineAsm(ctx, f)) {
                    out.add(ctx.options().isLink() && !ctx.isGo(f)
                            ? new Finding("asm", "inline assembly for " + ctx.inputTriple() + " cannot run in BPF", l,
                                    "compile the C code for BPF (clang -target bpf): BPF inline assembly is passed to llc as it is")
                            : new Finding("asm", "inline assembly is not supported", l, null));
                }
                continue;
            }
            Function target = m.function(callee);
            if (target != null && !target.isDeclaration()) callees.add(callee);
            Problem problem = describe(m, callee);
            if (problem != null) out.add(new Finding(problem.construct(), problem.message(), l, problem.hint()));
            if (callee.startsWith("llvm.") && usesFloatingPoint(c)) {
                out.add(new Finding("float", "floating-point operation " + callee + " is not supported by BPF", l, null));
            }
        }
    }

    /**
     * Inline assembly another front end wrote for BPF (clang's C, e.g. libbpf-tools' clamping
     * {@code asm volatile}) goes to llc as written; Go code has none. When llvm-link joined Go with
     * C, the module carries the Go side's triple and llc is the one to check the assembly.
     */
    private static boolean bpfInlineAsm(TransformContext ctx, Function f) {
        if (!ctx.options().isLink() || ctx.isGo(f)) return false;
        String triple = ctx.inputTriple();
        return triple == null || triple.startsWith("bpf") || !ctx.allForeign();
    }

    /**
     * A language construct whose runtime implementation was inlined here (TinyGo inlines a channel
     * send into loads, stores and traps): named from the runtime function in the inline frames.
     */
    private static String inlinedConstruct(TransformContext ctx, BodyLine l) {
        if (l.attachment("dbg") < 0) return null;
        for (String fn : ctx.debug().inlineFrames(l)) {
            if (!GoNames.packageOf(fn).equals("runtime")) continue;
            String what = runtimeConstruct(runtimeMember(fn));
            // allocating constructs (concatenation, conversions, append) work at constant sizes: heap-to-stack decides
            if (what != null && INLINED_RUNTIME.contains(what)) return what;
        }
        return null;
    }

    /** {@code runtime.chanSend} → {@code chanSend}; {@code (*runtime.channel).trySend} → {@code channel.trySend}. */
    private static String runtimeMember(String fn) {
        if (fn.startsWith("(")) {
            int close = fn.indexOf(')');
            return fn.substring(1, close).replace("*", "").replace("runtime.", "") + fn.substring(close + 1);
        }
        return fn.startsWith("runtime.") ? fn.substring(8) : fn;
    }

    /** TinyGo implements defer with a frame of type runtime.deferFrame in the function. */
    private static boolean usesDefer(Function f) {
        Function.Block entry = f.entryBlock();
        if (entry == null) return false;
        for (BodyLine l : entry.lines()) {
            if (l.inst() instanceof Inst.Alloca a && a.type() instanceof Type.Named n && n.name().equals("runtime.deferFrame")) return true;
        }
        return false;
    }

    /**
     * TinyGo's optimized IR keeps no instruction at the defer statement's line, so the line comes
     * from the source: the first {@code defer} statement of the function (null: use the IR's).
     */
    private static SourcePos deferPosition(TransformContext ctx, Function f) {
        MetadataDef sp = ctx.module().metadata(f.attachment("dbg"));
        SourcePos fn = ctx.debug().position(f);
        java.nio.file.Path file = sp == null ? null : ctx.debug().sourceFile(sp.refField("file"));
        if (file == null || fn == null) return null;
        int[] at = GoSource.statement(file, (int) sp.intField("line", 0), "defer");
        return at == null ? null : new SourcePos(fn.file(), at[0], at[1]);
    }

    /** A call cycle among the program's functions: the verifier rejects recursion (it cannot bound the stack). */
    private static void recursion(TransformContext ctx, Module m, Map<String, Set<String>> calls) {
        Set<String> reported = new HashSet<>();
        for (String start : calls.keySet()) {
            Function f = m.function(start);
            if (f == null || isLibrary(ctx, f)) continue;
            // depth-first search for a path back to start
            Deque<String> stack = new ArrayDeque<>(calls.getOrDefault(start, Set.of()));
            Set<String> seen = new HashSet<>();
            boolean cyclic = false;
            while (!stack.isEmpty() && !cyclic) {
                String g = stack.pop();
                if (g.equals(start)) cyclic = true;
                else if (seen.add(g)) stack.addAll(calls.getOrDefault(g, Set.of()));
            }
            if (!cyclic || !reported.add(start)) continue;
            for (BodyLine l : f.allLines()) {
                if (l.inst() instanceof Call c && c.calleeName() != null && reaches(calls, c.calleeName(), start)) {
                    ctx.error(ctx.debug().displayName(f) + " calls itself (recursion): BPF has no recursion, the verifier "
                            + "rejects call cycles", l, f, "rewrite it as a bounded loop");
                    break;
                }
            }
        }
    }

    private static boolean reaches(Map<String, Set<String>> calls, String from, String to) {
        Deque<String> stack = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!stack.isEmpty()) {
            String g = stack.pop();
            if (g.equals(to)) return true;
            if (seen.add(g)) stack.addAll(calls.getOrDefault(g, Set.of()));
        }
        return false;
    }

    private static boolean usesFloatingPoint(Call c) {
        if (c.returnType().isFloatingPoint()) return true;
        for (Operand o : c.arguments()) if (o.type().isFloatingPoint()) return true;
        return false;
    }

    /** Standard library, runtime, or compiler-generated code: not the user's to fix. */
    static boolean isLibrary(TransformContext ctx, Function f) {
        return f != null && isLibraryName(ctx.debug().goName(f));
    }

    static boolean isLibraryName(String goName) {
        if (goName.startsWith("interface:") || goName.startsWith("(Go ") || goName.startsWith("<Go ") || goName.contains("$")) return true;
        return GoNames.isStdOrRuntime(GoNames.packageOf(goName));
    }

    private static String displayLibrary(TransformContext ctx, Function f) {
        return f == null ? "a library function" : GoNames.display(ctx.debug().goName(f));
    }

    /** What a call needs that BPF lacks: the construct (reported once per Go line), the message and a hint. */
    record Problem(String construct, String message, String hint) {}

    /** What is wrong with calling {@code callee}, or null when the call is fine for BPF. */
    static Problem describe(Module m, String callee) {
        if (callee.startsWith("llvm.") || callee.equals("runtime.alloc") || callee.equals(PanicPaths.MARKER)) return null;
        String simple = GoNames.simpleName(callee);
        Function target = m.function(callee);
        // a kernel function C declares with __ksym: libbpf resolves it against the kernel's BTF
        if (target != null && target.isDeclaration() && ".ksyms".equals(target.section())) return null;
        if (simple != null && simple.startsWith("bpf_") && target != null && target.isDeclaration()) {
            String go = "bpf" + GoNames.snakeToCamel(simple.substring(4));
            return new Problem(callee, simple + " has no body and is not a helper name: helpers are declared in Go's CamelCase, "
                    + go + " (the kernel's " + simple + ")", "rename the declaration to " + go);
        }
        if (simple != null && simple.startsWith("bpf") && !callee.startsWith("runtime.")) return null;
        // TinyGo's $invoke/$typeassert functions dispatch with a type switch over the program's types:
        // fine when they have a body; without one they need the runtime's type information
        boolean dispatcher = callee.startsWith("interface:") || callee.contains("$invoke") || callee.contains("$typeassert");
        if ((dispatcher && (target == null || target.isDeclaration())) || callee.startsWith("runtime.typeAssert")
                || callee.startsWith("runtime.interface")) {
            String what = "interface method call or type assertion";
            return new Problem(what, what + " needs the Go runtime (dynamic dispatch)", null);
        }
        if (callee.startsWith("runtime.")) {
            String r = callee.substring("runtime.".length());
            String what = runtimeConstruct(r);
            if (what != null) return new Problem(what, what + " needs the Go runtime, which does not exist in BPF (runtime." + r + ")", null);
        }
        if (target != null && target.isDeclaration()) {
            return new Problem(callee, "call to " + GoNames.display(callee) + ", which has no body: BPF programs cannot call external code"
                    + " (a BPF helper must be named bpf<Name> after the kernel's bpf_<name>, a kfunc bpfKfunc<Name>)", null);
        }
        return null;
    }

    private static String runtimeConstruct(String r) {
        if (r.startsWith("hashmap")) return "a Go map";
        if (r.startsWith("stringConcat") || r.startsWith("stringFrom") || r.startsWith("stringTo")) return r.startsWith("stringConcat")
                ? "string concatenation" : "a string/[]byte/[]rune conversion";
        if (r.startsWith("stringConcat")) return "string concatenation";
        if (r.startsWith("stringFrom") || r.startsWith("stringTo")) return "a string/[]byte/[]rune conversion";
        if (r.startsWith("chan") || r.startsWith("tryChan") || r.startsWith("select") || r.startsWith("channel")) return "a channel operation";
        if (r.startsWith("sliceAppend") || r.startsWith("sliceGrow") || r.startsWith("growslice")) return "append";
        if (r.startsWith("print") || r.equals("printlock") || r.equals("printunlock")) return "print/println";
        if (r.startsWith("_panic") || r.equals("panic") || r.endsWith("Panic") || r.startsWith("runtimePanic")) {
            return "panic (or a runtime check such as a failed type conversion)";
        }
        if (r.startsWith("deadlock") || r.startsWith("Gosched") || r.startsWith("scheduler") || r.startsWith("startGoroutine")) {
            return "a goroutine or blocking operation";
        }
        if (r.startsWith("makeslice") || r.startsWith("makemap")) return "make";
        if (r.startsWith("deferFrame") || r.startsWith("destroyDeferFrame")) return "defer/recover";
        if (r.startsWith("gc") || r.startsWith("GC") || r.startsWith("trackPointer")) return "the garbage collector";
        return null; // e.g. memequal, stringEqual, memhash: plain loops, allowed when they verify
    }
}
