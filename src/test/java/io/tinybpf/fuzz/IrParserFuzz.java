package io.tinybpf.fuzz;

import io.tinybpf.ir.IrParseException;
import io.tinybpf.ir.Module;

/** The IR parser: any text either parses or is an {@link IrParseException}; what parses prints back byte for byte. */
public final class IrParserFuzz {
    private IrParserFuzz() {}

    public static void fuzzerTestOneInput(byte[] data) {
        String text = Oracle.text(data);
        Module m;
        try {
            m = Module.parse(text);
        } catch (IrParseException e) {
            return;
        }
        if (!m.print().equals(text)) throw new AssertionError("the parsed module does not print back to its input");
    }
}
