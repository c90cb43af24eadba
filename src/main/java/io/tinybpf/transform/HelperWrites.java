package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells LLVM which helpers fill a buffer completely, so the zeroing Go does before the call
 * disappears. {@code var ip ipv4Hdr; bpfSkbLoadBytes(skb, 0, unsafe.Pointer(&ip), 20)} zeroes
 * {@code ip} (Go's zero value) and then hands it to the helper; the C twin leaves it uninitialised,
 * which the verifier allows for these arguments (ARG_PTR_TO_UNINIT_MEM). To LLVM a helper call is
 * an opaque call through an address, so the zeroing stays: two to three stores per buffer.
 *
 * <p>Each listed helper writes every byte of its buffer on every path — the data on success, zeros
 * on failure (the kernel clears the buffer before returning an error) — so its buffer argument
 * gets {@code initializes((0, N))} (the first N bytes are written before anything reads them) and
 * {@code captures(none)} (the kernel keeps no pointer to it), where the size argument is the
 * constant N. Dead-store elimination then drops the earlier zeroing. Behaviour is unchanged: the
 * bytes Go zeroed are overwritten before anything can read them.
 *
 * <p>Not listed: the {@code _str} probe reads (they stop at the string's end and leave the rest
 * as it was), {@code bpf_xdp_load_bytes} (leaves the buffer alone on failure).
 */
final class HelperWrites implements Pass {
    /** Kernel helper name → (buffer argument, size argument) positions, for helpers that write the whole buffer. */
    static final Map<String, int[]> FULL_WRITERS = Map.of(
            "probe_read", new int[] {0, 1},
            "probe_read_kernel", new int[] {0, 1},
            "probe_read_user", new int[] {0, 1},
            "copy_from_user", new int[] {0, 1},
            "get_current_comm", new int[] {0, 1},
            "skb_load_bytes", new int[] {2, 3},
            "skb_load_bytes_relative", new int[] {2, 3},
            "get_stack", new int[] {1, 2},
            "get_ns_current_pid_tgid", new int[] {2, 3},
            "perf_event_read_value", new int[] {2, 3});

    @Override
    public String name() {
        return "helper-writes";
    }

    @Override
    public void run(TransformContext ctx) {
        HelperTable table = HelperTable.get();
        for (Function f : ctx.module().functions()) {
            // link: another front end's code is as its compiler optimized it
            if (f.isDeclaration() || !ctx.isGo(f)) continue;
            for (BodyLine l : f.allLines()) {
                if (!(l.inst() instanceof Call c)) continue;
                HelperTable.Helper h = table.called(c);
                int[] pos = h == null ? null : FULL_WRITERS.get(h.kernel());
                List<Operand> args = c.arguments();
                if (pos == null || args.size() <= Math.max(pos[0], pos[1])) continue;
                Operand buf = args.get(pos[0]);
                Long size = args.get(pos[1]).value().intValue();
                if (size == null || size <= 0 || !buf.type().isPtr() || buf.attributes().stream().anyMatch(a -> a.startsWith("initializes("))) {
                    continue;
                }
                List<Operand> out = new ArrayList<>(args);
                Operand marked = buf.withAttribute("initializes((0, " + size + "))");
                if (!marked.hasAttribute("captures")) marked = marked.withAttribute("captures(none)");
                out.set(pos[0], marked);
                c.setArguments(out);
            }
        }
    }
}
