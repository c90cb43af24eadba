package io.tinybpf.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's fmt rules for log record values, and the decoding of records against a site table. */
class GoFormatTest {
    @Test
    void integersFormatAsGoDoes() {
        assertEquals("-3 255 ff FF +7 [  42] [42  ] 007 -07", GoFormat.sprintf("%d %d %x %X %+d [%4d] [%-4d] %03d %03d",
                List.of(-3L, GoFormat.value("u8", 0xff), 255L, 255L, 7L, 42L, 42L, 7L, -7L)));
        assertEquals("18446744073709551615 -1", GoFormat.sprintf("%d %v", List.of(GoFormat.value("u64", -1), GoFormat.value("i32", 0xffffffffL))));
        assertEquals("A true 0x1f %", GoFormat.sprintf("%c %t %p %%", List.of(65L, true, new GoFormat.Pointer(31))));
    }

    @Test
    void mismatchesShowAsGoShowsThem() {
        assertEquals("%!s(5) %!d(MISSING)", GoFormat.sprintf("%s %d", List.of(5L)));
    }

    @Test
    void rawWordsHonourSignAndWidth() {
        assertEquals(-1L, GoFormat.value("i8", 0xff));
        assertEquals(BigInteger.valueOf(0xffff), GoFormat.value("u16", -1));
        assertEquals(false, GoFormat.value("bool", 0));
    }

    @Test
    void recordsDecodeWithTheirSite() {
        LogSites sites = LogSites.parse("tinybpf-log-sites v1\n0\t3\tmain.go:16\ts16,i16,bool\tfrom %s: %d\\tok=%t\n"
                + "1\t1\tx.go:2\t\tplain\n").orElseThrow();
        ByteBuffer b = ByteBuffer.allocate(8 + 24 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0).putLong(8, 16).putLong(16, 0xfffdL).putLong(24, 1);
        b.put(32, "curl\0garbage".getBytes(StandardCharsets.UTF_8));
        assertEquals("INFO main.go:16: from curl: -3\tok=true", sites.decode(b.array()).toString());
        ByteBuffer p = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1);
        assertEquals("ERROR x.go:2: plain", sites.decode(p.array()).toString());
        assertTrue(sites.decode(new byte[4]).message().contains("short"));
        assertTrue(sites.decode(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 9).array()).message().contains("unknown site 9"));
        assertTrue(sites.decode(java.util.Arrays.copyOf(b.array(), 20)).message().contains("needs 48"));
    }
}
