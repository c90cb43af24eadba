package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control-flow graph of a function: successors from each block's terminator, predecessors, and
 * dominators (Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder, which is
 * fast for the small functions BPF programs are). Computed once; rebuild after editing blocks.
 */
public final class Cfg {
    private final List<Function.Block> blocks;
    private final Map<String, Function.Block> byName = new HashMap<>();
    private final Map<Function.Block, List<Function.Block>> succs = new IdentityHashMap<>();
    private final Map<Function.Block, List<Function.Block>> preds = new IdentityHashMap<>();
    private final Map<Function.Block, Integer> order = new IdentityHashMap<>(); // reverse postorder index
    private final Map<Function.Block, Function.Block> idom = new IdentityHashMap<>();

    public Cfg(Function f) {
        blocks = f.blocks();
        for (Function.Block b : blocks) {
            if (b.name() != null) byName.put(b.name(), b);
            preds.put(b, new ArrayList<>());
        }
        for (Function.Block b : blocks) {
            List<Function.Block> s = new ArrayList<>();
            for (String target : targets(b)) {
                Function.Block t = byName.get(target);
                if (t != null && !s.contains(t)) s.add(t);
            }
            succs.put(b, s);
            for (Function.Block t : s) preds.get(t).add(b);
        }
        if (!blocks.isEmpty()) dominators();
    }

    /** Labels a block's terminator can jump to. */
    private static List<String> targets(Function.Block b) {
        BodyLine t = b.terminator();
        if (t == null) return List.of();
        return switch (t.inst()) {
            case Inst.Br br -> br.targets();
            case Inst.Switch sw -> {
                List<String> out = new ArrayList<>();
                out.add(sw.defaultTarget());
                for (Inst.Switch.Case c : sw.cases()) out.add(c.target());
                yield out;
            }
            case null, default -> List.of();
        };
    }

    public Function.Block entry() {
        return blocks.isEmpty() ? null : blocks.getFirst();
    }

    public Function.Block block(String name) {
        return name == null ? entry() : byName.get(name);
    }

    public List<Function.Block> successors(Function.Block b) {
        return succs.getOrDefault(b, List.of());
    }

    public List<Function.Block> predecessors(Function.Block b) {
        return preds.getOrDefault(b, List.of());
    }

    /** The block holding a line (identity), or null. */
    public Function.Block blockOf(BodyLine line) {
        for (Function.Block b : blocks) {
            if (b.label() == line) return b;
            for (BodyLine l : b.lines()) if (l == line) return b;
        }
        return null;
    }

    /** Whether {@code a} dominates {@code b} (every path from the entry to b passes a); unreachable b: false. */
    public boolean dominates(Function.Block a, Function.Block b) {
        if (!order.containsKey(b)) return false;
        for (Function.Block x = b; x != null; x = x == entry() ? null : idom.get(x)) {
            if (x == a) return true;
        }
        return false;
    }

    /** Blocks reachable from the entry, in reverse postorder. */
    public List<Function.Block> reversePostorder() {
        List<Function.Block> out = new ArrayList<>(order.keySet());
        out.sort((x, y) -> Integer.compare(order.get(x), order.get(y)));
        return out;
    }

    private void dominators() {
        List<Function.Block> post = new ArrayList<>();
        Map<Function.Block, Boolean> seen = new IdentityHashMap<>();
        // iterative depth-first search for the postorder
        record Frame(Function.Block b, int next) {}
        List<Frame> stack = new ArrayList<>();
        stack.add(new Frame(entry(), 0));
        seen.put(entry(), true);
        while (!stack.isEmpty()) {
            Frame top = stack.removeLast();
            List<Function.Block> s = successors(top.b());
            if (top.next() < s.size()) {
                stack.add(new Frame(top.b(), top.next() + 1));
                Function.Block n = s.get(top.next());
                if (seen.putIfAbsent(n, true) == null) stack.add(new Frame(n, 0));
            } else {
                post.add(top.b());
            }
        }
        for (int i = 0; i < post.size(); i++) order.put(post.get(post.size() - 1 - i), i);
        List<Function.Block> rpo = reversePostorder();
        idom.put(entry(), entry());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Function.Block b : rpo) {
                if (b == entry()) continue;
                Function.Block nd = null;
                for (Function.Block p : predecessors(b)) {
                    if (!idom.containsKey(p)) continue;
                    nd = nd == null ? p : intersect(p, nd);
                }
                if (nd != null && idom.get(b) != nd) {
                    idom.put(b, nd);
                    changed = true;
                }
            }
        }
    }

    private Function.Block intersect(Function.Block a, Function.Block b) {
        while (a != b) {
            while (order.get(a) > order.get(b)) a = idom.get(a);
            while (order.get(b) > order.get(a)) b = idom.get(b);
        }
        return a;
    }

    /** For tests and diagnostics: each reachable block's immediate dominator by name ("" for the entry). */
    public Map<String, String> immediateDominators() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Function.Block b : reversePostorder()) {
            Function.Block d = idom.get(b);
            out.put(b.name() == null ? "" : b.name(), d == null || d.name() == null ? "" : d.name());
        }
        return out;
    }
}
