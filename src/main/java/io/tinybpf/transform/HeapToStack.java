package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Names;
import io.tinybpf.ir.Tokens;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.alloc} (a Go value escaping to the heap) becomes a zeroed stack slot: an
 * {@code alloca} at the top of the entry block and a {@code memset} where the allocation was, so a
 * variable declared in a loop is still fresh on every iteration. BPF has no heap, so a size only
 * known at run time is an error at its Go line; so is anything larger than the 512-byte stack.
 */
final class HeapToStack implements Pass {
    static final int STACK_LIMIT = 512;
    static final String MEMSET = "llvm.memset.p0.i64";

    @Override
    public String name() {
        return "heap-to-stack";
    }

    @Override
    public String hint() {
        return "BPF programs have a 512-byte stack and no heap: use fixed-size arrays, or keep large buffers in a "
                + "BPF map (a per-CPU array with one entry works as scratch space)";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        boolean used = false;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            List<BodyLine> allocas = new ArrayList<>();
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    BodyLine l = lines.get(i);
                    Call c = l.isInstruction() && "call".equals(l.opcode()) ? l.call() : null;
                    if (c == null || !"runtime.alloc".equals(c.calleeName())) continue;
                    String res = l.result();
                    List<String> args = c.args();
                    long size = args.isEmpty() ? -1 : constantI64(args.getFirst());
                    if (res == null) {
                        lines.remove(i--); // result unused: the allocation has no effect
                        continue;
                    }
                    if (size < 0) {
                        ctx.error(dynamicAllocation(ctx.debug().inlineFrames(l)) + " allocates memory whose size is known only at "
                                + "run time, and BPF has no heap", l, f, null);
                        continue;
                    }
                    if (size > STACK_LIMIT) {
                        ctx.error("a " + size + "-byte value escapes to the heap and does not fit the " + STACK_LIMIT
                                + "-byte BPF stack", l, f, null);
                        continue;
                    }
                    long align = Math.max(8, returnAlign(c));
                    // A numbered value (%7) must stay where it is: LLVM requires them in sequence.
                    boolean numbered = res.chars().allMatch(Character::isDigit);
                    String slot = Names.local(numbered ? "tinybpf.heap." + res : res);
                    allocas.add(BodyLine.instruction(slot + " = alloca [" + size + " x i8], align " + align));
                    int dbg = l.attachment("dbg");
                    String dbgText = dbg >= 0 ? ", !dbg !" + dbg : "";
                    lines.set(i, BodyLine.instruction("call void @" + MEMSET + "(ptr align " + align + " " + slot
                            + ", i8 0, i64 " + size + ", i1 false)" + dbgText));
                    if (numbered) {
                        lines.add(++i, BodyLine.instruction(Names.local(res) + " = getelementptr inbounds i8, ptr " + slot + ", i64 0" + dbgText));
                    }
                    used = true;
                }
            }
            for (int k = allocas.size() - 1; k >= 0; k--) f.insertAtEntry(allocas.get(k));
        }
        if (used && m.function(MEMSET) == null) m.addDeclaration("declare void @" + MEMSET + "(ptr, i8, i64, i1 immarg)");
    }

    /** What Go construct made a dynamic allocation, from the runtime routine it was inlined from. */
    static String dynamicAllocation(java.util.List<String> frames) {
        for (String fn : frames) {
            if (fn.startsWith("runtime.stringConcat")) return "string concatenation";
            if (fn.startsWith("runtime.stringFrom") || fn.startsWith("runtime.stringTo")) return "a string/[]byte conversion";
            if (fn.startsWith("runtime.sliceAppend") || fn.startsWith("runtime.sliceGrow")) return "append";
            if (fn.startsWith("runtime.hashmap")) return "a Go map";
        }
        return "make with a non-constant length (or another value of run-time size escaping to the heap)";
    }

    /** {@code i64 16} → 16; anything that is not an integer literal → -1. */
    static long constantI64(String arg) {
        Tokens t = Tokens.of(arg);
        if (t.size() != 2 || !t.is(0, "i64")) return -1;
        try {
            return Long.parseLong(t.text(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The {@code align N} TinyGo puts on the allocation's result (the Go type's alignment). */
    private static long returnAlign(Call c) {
        Tokens t = Tokens.of(c.returnTypeText());
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.is(i, "align")) {
                try {
                    return Long.parseLong(t.text(i + 1));
                } catch (NumberFormatException ignored) {
                    return 1;
                }
            }
        }
        return 1;
    }
}
