package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import java.util.ArrayList;
import java.util.List;

/** Control-flow edits shared by the passes that split blocks (short-circuit, bounded-copies). */
final class Blocks {
    private Blocks() {}

    /** The labels a terminator can branch to. */
    static List<String> successors(BodyLine term) {
        return switch (term.inst()) {
            case Inst.Br br -> br.targets();
            case Inst.Switch sw -> {
                List<String> out = new ArrayList<>(List.of(sw.defaultTarget()));
                for (Inst.Switch.Case k : sw.cases()) out.add(k.target());
                yield out;
            }
            case null, default -> List.of();
        };
    }

    /**
     * Phis of {@code target} that came from {@code from}: now from {@code blocks} — every new block
     * ({@code addAll}: the original block keeps its entry), or only the last one (the entry moves).
     */
    static void retargetPhis(Function f, String target, String from, List<String> blocks, boolean addAll) {
        for (Function.Block t : f.blocks()) {
            if (!target.equals(t.name())) continue;
            for (BodyLine l : t.lines()) {
                if (!(l.inst() instanceof Inst.Phi phi)) continue;
                List<Inst.Phi.Incoming> in = new ArrayList<>();
                boolean touched = false;
                for (Inst.Phi.Incoming i : phi.incoming()) {
                    if (!i.block().equals(from)) {
                        in.add(i);
                        continue;
                    }
                    touched = true;
                    if (addAll) in.add(i);
                    for (String b : blocks) in.add(new Inst.Phi.Incoming(i.value(), b));
                }
                if (touched) l.become(Build.phi(phi.result(), phi.type(), in).dbg(l.attachment("dbg")));
            }
        }
    }

    /** Each value's defining instruction, by result name (a pass looking several definitions up builds this once). */
    static java.util.Map<String, BodyLine> definitions(Function f) {
        java.util.Map<String, BodyLine> out = new java.util.HashMap<>();
        for (BodyLine l : f.allLines()) if (l.isInstruction() && l.result() != null) out.put(l.result(), l);
        return out;
    }
}
