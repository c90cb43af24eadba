package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * A post-opt step: moves the blocks that return to the end of each function, so the program's
 * {@code exit} comes last and every early return is a forward jump to it.
 *
 * <p>Why: llc lays out blocks in IR order where it has no reason to do otherwise. When LLVM merges
 * a function's returns it puts the merged return block ({@code common.ret}) where the first return
 * was, which in Go code is usually right after the first check ({@code if data+34 > end { return
 * XDP_PASS }}). The object then has an {@code exit} in the middle, reached by backward jumps, and
 * a {@code goto} back to it at the end of the main path — one more instruction than clang's
 * layout (C code has its single return block last), and a backward edge the verifier explores as
 * a loop candidate: its state pruning works best on forward jumps to a shared exit (the benchmark's
 * tail-call programs processed 14 instructions instead of 17 with this change, clang 14).
 *
 * <p>Block order carries no meaning in LLVM IR besides the entry block coming first, so moving
 * blocks cannot change behaviour. Relative order is kept on both sides (a stable partition).
 * Numbered values ({@code %3}) must appear in text order, so a function whose blocks move gets
 * names for them first.
 */
final class ExitPlacement {
    private ExitPlacement() {}

    /** Moves return blocks after the others in every function; returns whether anything moved. */
    static boolean place(Module m) {
        boolean changed = false;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            List<Function.Block> blocks = f.blocks();
            if (blocks.size() < 3) continue;
            List<Function.Block> rest = new ArrayList<>(), returns = new ArrayList<>();
            for (int i = 1; i < blocks.size(); i++) (returns(blocks.get(i)) ? returns : rest).add(blocks.get(i));
            if (returns.isEmpty() || isSuffix(blocks, returns)) continue;
            // LLVM wants numbered values (%3) defined in text order, which moving blocks breaks: name them
            f.nameNumberedValues();
            Function.Block entry = blocks.getFirst();
            blocks.clear();
            blocks.add(entry);
            blocks.addAll(rest);
            blocks.addAll(returns);
            changed = true;
        }
        return changed;
    }

    private static boolean returns(Function.Block b) {
        BodyLine t = b.terminator();
        return t != null && t.inst() instanceof Inst.Ret;
    }

    /** Whether the return blocks already end the function, in order. */
    private static boolean isSuffix(List<Function.Block> blocks, List<Function.Block> returns) {
        return blocks.subList(blocks.size() - returns.size(), blocks.size()).equals(returns);
    }
}
