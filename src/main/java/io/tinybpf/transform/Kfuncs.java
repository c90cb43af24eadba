package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A body-less Go function named {@code bpfKfunc<Name>} is the kernel function
 * {@code <name>} ({@code bpfKfuncBpfTaskFromPid} is {@code bpf_task_from_pid}): calls and the
 * declaration lose TinyGo's context parameter, the declaration moves to {@code .ksyms} (where
 * libbpf looks for kfunc externs), and it gets a debug-info prototype so llc emits the extern
 * BTF FUNC libbpf resolves against the running kernel — nothing is read from the build host.
 * Pointer types come from the Go variables passed and assigned at call sites (libbpf checks that
 * a pointer-to-struct is passed where the kernel expects one).
 */
final class Kfuncs implements Pass {
    @Override
    public String name() {
        return "kfuncs";
    }

    static boolean isKfuncName(String irName) {
        String s = GoNames.simpleName(irName);
        return s != null && s.startsWith("bpfKfunc") && s.length() > 8;
    }

    static String kernelName(String irName) {
        return GoNames.camelToSnake(GoNames.simpleName(irName).substring("bpfKfunc".length()));
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        Map<String, Function> kfuncs = new LinkedHashMap<>();
        for (Function f : m.functions()) if (f.isDeclaration() && isKfuncName(f.name())) kfuncs.put(f.name(), f);
        if (kfuncs.isEmpty()) return;
        DiBuilder di = new DiBuilder(m);
        // one walk over the module: every kfunc call site, by callee
        record Site(Function f, BodyLine line, Call call) {}
        Map<String, List<Site>> sites = new HashMap<>();
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            for (BodyLine l : f.allLines()) {
                Call c = l.call();
                if (c != null && kfuncs.containsKey(c.calleeName())) sites.computeIfAbsent(c.calleeName(), k -> new ArrayList<>()).add(new Site(f, l, c));
            }
        }
        Map<Function, ValueTypes> valueTypes = new HashMap<>();
        Map<String, String> renames = new HashMap<>();
        for (Map.Entry<String, Function> e : kfuncs.entrySet()) {
            Function decl = e.getValue();
            List<Function.Param> params = new ArrayList<>(decl.params());
            boolean hasCtx = !params.isEmpty() && params.getLast().type().equals("ptr");
            int arity = hasCtx ? params.size() - 1 : params.size();
            Integer[] argTypes = new Integer[arity];
            Integer[] retType = new Integer[1];
            for (Site site : sites.getOrDefault(e.getKey(), List.of())) {
                ValueTypes vt = valueTypes.computeIfAbsent(site.f(), f -> ValueTypes.of(f, m));
                List<String> args = new ArrayList<>(site.call().args());
                if (hasCtx && !args.isEmpty() && Helpers.isContextArg(args.getLast())) args.removeLast();
                for (int i = 0; i < Math.min(args.size(), arity); i++) {
                    Integer t = vt.values.get(valueName(Call.argValue(args.get(i))));
                    if (t != null && argTypes[i] == null) argTypes[i] = t;
                }
                if (site.line().result() != null && retType[0] == null) retType[0] = vt.values.get(site.line().result());
                site.call().rewrite(null, args, true);
            }
            List<String> newParams = new ArrayList<>();
            for (int i = 0; i < arity; i++) newParams.add(params.get(i).type());
            decl.setParams(newParams);
            String kname = kernelName(decl.name());
            List<Integer> types = new ArrayList<>();
            String ret = decl.returnType();
            types.add(ret.equals("void") ? -1 : retType[0] != null ? retType[0] : di.fromIrType(ret, 8));
            for (int i = 0; i < arity; i++) {
                types.add(argTypes[i] != null ? argTypes[i] : di.fromIrType(newParams.get(i), 8));
            }
            int cu = di.compileUnit();
            int file = di.fileOfUnit(cu);
            int sub = di.subroutine(types);
            int sp = m.addMetadata("!DISubprogram(name: \"" + kname + "\"" + (file >= 0 ? ", scope: !" + file + ", file: !" + file : "")
                    + ", type: !" + sub + ", flags: DIFlagPrototyped, spFlags: DISPFlagOptimized)");
            if ((m.globalValue(kname) != null && m.globalValue(kname) != decl) || renames.containsValue(kname)) {
                ctx.error("kfunc " + kname + " (from " + GoNames.simpleName(decl.name()) + ") clashes with another symbol", (io.tinybpf.diag.SourcePos) null, null);
                continue;
            }
            renames.put(decl.name(), kname);
            decl.setSection(".ksyms");
            decl.setAttachment("dbg", sp);
        }
        m.renameAll(renames); // one pass over the module for all of them
    }

    private static String valueName(String v) {
        return v.startsWith("%") ? io.tinybpf.ir.Tokens.of(v).identName(0) : "";
    }
}
