package io.tinybpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.bpf.MapType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectSummaryTest {
    @Test
    void summarisesHandBuiltObject() throws Exception {
        BpfFixture f = new BpfFixture();
        f.kfunc = true;
        ObjectSummary s = ObjectSummary.summarize(ElfFile.parse(f.build()));
        assertEquals(Optional.of("GPL"), s.license());
        assertTrue(s.hasBtf() && s.hasBtfExt());
        assertEquals(List.of("bpf_kfunc"), s.kfuncs());
        assertEquals(0, s.coreRelocations());

        ObjectSummary.Program p = s.programs().getFirst();
        assertEquals("prog", p.name());
        assertEquals("xdp", p.section());
        assertEquals("xdp", p.programTypeName());
        assertEquals("xdp", p.kind());
        assertEquals(40, p.sizeBytes());
        assertEquals(5, p.slots());
        assertEquals(4, p.instructions(), "ld_imm64 counts once");

        ObjectSummary.MapInfo m = s.map("stats").orElseThrow();
        assertEquals(Optional.of(MapType.HASH), m.mapType());
        assertEquals("hash", m.typeName());
        assertEquals(4, m.keySize());
        assertEquals(4, m.valueSize());
        assertEquals(16, m.maxEntries());
        assertEquals(Optional.of("__u32"), m.keyType());
        assertEquals("none", m.pinningName());
        assertTrue(s.format().contains("stats"));
    }

    @Test
    void unknownSectionAndMapType() throws Exception {
        BpfFixture f = new BpfFixture();
        f.programSection = "custom";
        f.mapType = 99;
        ObjectSummary s = ObjectSummary.summarize(ElfFile.parse(f.build()));
        assertEquals("unknown", s.programs().getFirst().programTypeName());
        assertEquals("unknown(99)", s.maps().getFirst().typeName());
        assertTrue(s.maps().getFirst().mapType().isEmpty());
    }

    @Test
    void logicalInstructionCount() {
        ByteBuffer code = ByteBuffer.wrap(new byte[40]);
        code.put(0, (byte) 0x18).put(16, (byte) 0x18);
        assertEquals(3, ObjectSummary.logicalInstructions(code, 0, 40));
        assertEquals(0, ObjectSummary.logicalInstructions(code, 0, 7));
    }
}
