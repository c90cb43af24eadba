package io.tinybpf.testing;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Tok;
import io.tinybpf.ir.Tokens;
import io.tinybpf.ir.Type;
import java.util.List;

/**
 * Beyond the byte round trip: the structure the passes read is found in a parsed module — every
 * function, declaration and metadata node counted, no unknown token, every call, load, store,
 * GEP, alloca, compare and cast understood with its operand types. Used on clang's IR (the corpus)
 * and on TinyGo's (the examples).
 */
public final class IrStructure {
    private IrStructure() {}

    /** Adds a line per problem to {@code failures}, named {@code name}; stops at a module's first one. */
    public static void check(String name, String src, Module m, List<String> failures) {
        long defines = src.lines().filter(l -> l.startsWith("define ")).count();
        long declares = src.lines().filter(l -> l.startsWith("declare ")).count();
        long fnDefs = m.functions().stream().filter(x -> !x.isDeclaration()).count();
        long fnDecls = m.functions().stream().filter(Function::isDeclaration).count();
        if (defines != fnDefs || declares != fnDecls) {
            failures.add(name + ": functions " + fnDefs + "/" + fnDecls + " vs " + defines + "/" + declares);
        }
        long mdLines = src.lines().filter(l -> l.matches("^!\\d+ = .*")).count();
        if (mdLines != m.metadataDefs().size()) failures.add(name + ": metadata count differs");
        for (Function fn : m.functions()) {
            fn.returnType();
            fn.params();
            fn.name();
            for (BodyLine l : fn.allLines()) {
                Tokens t = l.tokens();
                for (int i = 0; i < t.size(); i++) {
                    if (t.kind(i) == Tok.UNKNOWN) {
                        failures.add(name + ": unknown token '" + t.text(i) + "' in: " + l.text().strip());
                        return;
                    }
                }
                String problem = instruction(l);
                if (problem != null) {
                    failures.add(name + ": " + problem + " in: " + l.text().strip());
                    return;
                }
            }
        }
        for (GlobalVar g : m.globalVars()) {
            g.qualifiers();
            g.typeText();
            g.initializer();
            g.section();
        }
        for (MetadataDef d : m.metadataDefs()) {
            if (!d.isTuple()) d.fieldKeys();
            else d.elements();
        }
        if (!m.print().equals(src)) failures.add(name + ": printed text differs after the structure was read");
    }

    /** What the typed view of one line failed to understand, or null. */
    private static String instruction(BodyLine l) {
        if (!l.isInstruction()) return null;
        switch (l.inst()) {
            case Call c -> {
                for (Operand o : c.arguments()) if (o.value() == null && o.type() instanceof Type.Other) return "argument not understood: " + o;
                c.returnType();
            }
            case Inst.Load ld -> {
                if (unknown(ld.type()) || ld.pointer().value() == null) return "load not understood";
            }
            case Inst.Store st -> {
                if (st.value().value() == null || st.pointer().value() == null) return "store not understood";
            }
            case Inst.Gep g -> {
                if (unknown(g.sourceType()) || g.base().value() == null) return "getelementptr not understood";
                for (Operand o : g.indices()) if (o.value() == null) return "getelementptr index not understood";
            }
            case Inst.Alloca a -> {
                if (unknown(a.type())) return "alloca not understood";
            }
            case Inst.ICmp c -> {
                if (c.lhs().value() == null || c.rhs().value() == null) return "icmp not understood";
            }
            case Inst.Binary b -> {
                if (b.lhs().value() == null || b.rhs().value() == null || unknown(b.type())) return "binary operator not understood";
            }
            case Inst.Cast c -> {
                if (c.source().value() == null || unknown(c.target())) return "cast not understood";
            }
            case Inst.Phi p -> {
                if (p.incoming().isEmpty()) return "phi not understood";
            }
            case Inst.Br b -> {
                if (b.targets().isEmpty()) return "br not understood";
            }
            case null -> {
                return "no view for an instruction";
            }
            default -> {}
        }
        return null;
    }

    private static boolean unknown(Type t) {
        return t == null || t instanceof Type.Other;
    }
}
