package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Md;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
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
                if (l.inst() instanceof Call c && kfuncs.containsKey(c.calleeName())) sites.computeIfAbsent(c.calleeName(), k -> new ArrayList<>()).add(new Site(f, l, c));
            }
        }
        Map<Function, ValueTypes> valueTypes = new HashMap<>();
        Map<String, String> renames = new HashMap<>();
        KernelTypes kernel = new KernelTypes(ctx.options().kernelBtf());
        for (Map.Entry<String, Function> e : kfuncs.entrySet()) {
            Function decl = e.getValue();
            List<Function.Param> params = new ArrayList<>(decl.params());
            boolean hasCtx = !params.isEmpty() && params.getLast().type().isPtr();
            int arity = hasCtx ? params.size() - 1 : params.size();
            Integer[] argTypes = new Integer[arity];
            Integer[] retType = new Integer[1];
            for (Site site : sites.getOrDefault(e.getKey(), List.of())) {
                ValueTypes vt = valueTypes.computeIfAbsent(site.f(), f -> ValueTypes.of(f, m));
                List<Operand> args = site.call().arguments();
                if (hasCtx) args = Helpers.withoutContext(args);
                for (int i = 0; i < Math.min(args.size(), arity); i++) {
                    Integer t = vt.values.get(args.get(i).local());
                    if (t != null && argTypes[i] == null) argTypes[i] = t;
                }
                if (site.line().result() != null && retType[0] == null) retType[0] = vt.values.get(site.line().result());
                site.call().setArguments(args);
            }
            List<Function.Param> newParams = new ArrayList<>();
            for (int i = 0; i < arity; i++) newParams.add(new Function.Param(params.get(i).type(), List.of(), null));
            decl.setParams(newParams);
            String kname = kernelName(decl.name());
            List<Integer> types = new ArrayList<>();
            Type ret = decl.returnType();
            types.add(ret instanceof Type.Void ? -1 : retType[0] != null ? retType[0] : di.fromIrType(ret, 8));
            for (int i = 0; i < arity; i++) {
                types.add(argTypes[i] != null ? argTypes[i] : di.fromIrType(newParams.get(i).type(), 8));
            }
            matchKernelPrototype(ctx, kernel, di, kname, types);
            int cu = di.compileUnit();
            int file = di.fileOfUnit(cu);
            int sub = di.subroutine(types);
            Md.Node spNode = Md.Node.of("DISubprogram").set("name", kname);
            if (file >= 0) spNode.setRef("scope", file).setRef("file", file);
            int sp = m.add(spNode.setRef("type", sub).set("flags", Md.word("DIFlagPrototyped")).set("spFlags", Md.word("DISPFlagOptimized")));
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

    /**
     * libbpf refuses a kfunc whose prototype in the object is not compatible with the kernel's: a
     * pointer to void (Go's {@code unsafe.Pointer}) where the kernel takes {@code struct task_struct *}.
     * Where the Go declaration gives no pointee type, the kernel's BTF names the struct, and the
     * object gets a pointer to an empty struct of that name: libbpf compares the kinds and names, so
     * nothing of the kernel's type graph is copied. Without kernel BTF, a warning says so.
     */
    private static void matchKernelPrototype(TransformContext ctx, KernelTypes kernel, DiBuilder di, String kfunc, List<Integer> types) {
        List<Integer> untyped = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) if (isVoidPointer(ctx, types.get(i))) untyped.add(i);
        if (untyped.isEmpty()) return;
        java.util.Optional<List<String>> names = kernel.pointeeNames(kfunc);
        if (names.isEmpty()) {
            ctx.warning("kfunc " + kfunc + ": " + (kernel.available() ? "the kernel's BTF (" + kernel.file() + ") has no such function"
                    : "no kernel BTF to read its prototype from") + "; its unsafe.Pointer parameters or result are void * in BTF, "
                    + "which libbpf rejects where the kernel takes a struct pointer", null,
                    "declare them with a *bpfCore<Name> type for the kernel struct, e.g. func bpfKfuncBpfTaskFromPid(pid int32) "
                            + "*bpfCoreTaskStruct");
            return;
        }
        for (int i : untyped) {
            String name = i < names.get().size() ? names.get().get(i) : null;
            if (name != null) types.set(i, di.pointer(di.namedStruct(name)));
        }
    }

    private static boolean isVoidPointer(TransformContext ctx, int typeId) {
        io.tinybpf.ir.MetadataDef t = ctx.debug().stripTypedefs(typeId);
        return t != null && "DW_TAG_pointer_type".equals(t.field("tag")) && t.refField("baseType") < 0;
    }
}
