package io.tinybpf.fuzz;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfType;

/** The BTF reader and the queries callers make of what it read (names, sizes, descriptions, event types). */
public final class BtfFuzz {
    private BtfFuzz() {}

    public static void fuzzerTestOneInput(byte[] data) {
        Btf btf;
        try {
            btf = Btf.parse(data);
        } catch (BtfFormatException e) {
            return;
        }
        for (int id = 0; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            btf.resolve(id);
            btf.sizeOf(id);
            btf.describe(id);
            if (t != null) t.toString();
        }
        btf.eventTypes();
    }
}
