package io.tinybpf.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.transform.SdkCalls.Arg;
import io.tinybpf.transform.SdkCalls.Kind;
import io.tinybpf.transform.SdkCalls.Verb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go format verbs checked against argument kinds and translated to the kernel's printf. */
class SdkCallsTest {
    static Arg arg(Kind k, int bits) {
        return new Arg(k, bits, io.tinybpf.ir.Operand.ptr(io.tinybpf.ir.Value.local("x")), "t");
    }

    static String translate(String format, Arg... args) {
        List<Verb> verbs = new ArrayList<>();
        assertNull(SdkCalls.parseFormat(format, verbs));
        for (int i = 0; i < args.length; i++) assertNull(SdkCalls.check(verbs.get(i), args[i], i + 1));
        return SdkCalls.kernelFormat(format, verbs, List.of(args));
    }

    @Test
    void verbsFollowTheArgumentsSizeAndSign() {
        assertEquals("a=%d b=%lld c=%u d=%llu 100%%", translate("a=%d b=%v c=%d d=%d 100%%",
                arg(Kind.SIGNED, 32), arg(Kind.SIGNED, 64), arg(Kind.UNSIGNED, 16), arg(Kind.UNSIGNED, 64)));
        assertEquals("%08x %-4llX %c %s %px %d", translate("%08x %-4X %c %s %p %t",
                arg(Kind.UNSIGNED, 32), arg(Kind.SIGNED, 64), arg(Kind.UNSIGNED, 8), arg(Kind.BYTES, 16), arg(Kind.POINTER, 64), arg(Kind.BOOL, 1)));
    }

    @Test
    void mismatchesAndUnsupportedVerbsAreNamed() {
        List<Verb> v = new ArrayList<>();
        assertNull(SdkCalls.parseFormat("%s %d %f", v));
        assertTrue(SdkCalls.check(v.get(0), arg(Kind.STRING, 0), 1).contains("not NUL-terminated"));
        assertTrue(SdkCalls.check(v.get(1), arg(Kind.BYTES, 16), 2).contains("%d (argument 2, [16]byte) needs an integer"));
        assertTrue(SdkCalls.check(v.get(2), arg(Kind.SIGNED, 32), 3).contains("%f is not supported"));
        assertTrue(SdkCalls.parseFormat("%.3d", new ArrayList<>()).contains("precision"));
        assertTrue(SdkCalls.parseFormat("%[1]d", new ArrayList<>()).contains("argument indexes"));
        assertTrue(SdkCalls.parseFormat("%#x", new ArrayList<>()).contains("# flag"));
        assertTrue(SdkCalls.parseFormat("50%", new ArrayList<>()).contains("ends in the middle"));
    }
}
