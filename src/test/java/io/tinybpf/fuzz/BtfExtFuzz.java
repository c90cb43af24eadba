package io.tinybpf.fuzz;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfExt;
import io.tinybpf.btf.BtfFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The BTF.ext reader. It needs the object's BTF: the input is a little-endian u32 length, that
 * many bytes of BTF, and the BTF.ext section.
 */
public final class BtfExtFuzz {
    private BtfExtFuzz() {}

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 4) return;
        long n = ByteBuffer.wrap(data, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        if (n > data.length - 4) return;
        byte[] btfBytes = java.util.Arrays.copyOfRange(data, 4, 4 + (int) n);
        byte[] ext = java.util.Arrays.copyOfRange(data, 4 + (int) n, data.length);
        try {
            Btf btf = Btf.parse(btfBytes);
            BtfExt.parse(ext, btf).toString();
        } catch (BtfFormatException e) {
            // rejected cleanly
        }
    }
}
