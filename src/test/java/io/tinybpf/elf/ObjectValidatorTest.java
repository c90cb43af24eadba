package io.tinybpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.Stage;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ObjectValidatorTest {
    private static List<Diagnostic> validate(Consumer<BpfFixture> change) throws ElfFormatException {
        BpfFixture f = new BpfFixture();
        change.accept(f);
        List<Diagnostic> d = ObjectValidator.validate(ElfFile.parse(f.build()));
        for (Diagnostic x : d) assertEquals(Stage.ELF_VALIDATE, x.stage());
        return d;
    }

    private static Diagnostic only(List<Diagnostic> d, Severity severity, String fragment) {
        List<Diagnostic> hits = d.stream().filter(x -> x.severity() == severity && x.message().contains(fragment)).toList();
        assertEquals(1, hits.size(), "expected one " + severity + " containing '" + fragment + "' in " + d);
        return hits.getFirst();
    }

    @Test
    void acceptsValidObject() throws Exception {
        assertEquals(List.of(), validate(f -> {}));
        assertEquals(List.of(), validate(f -> f.kfunc = true));
    }

    @Test
    void header() throws Exception {
        List<Diagnostic> d = validate(f -> f.machine = ElfHeader.EM_X86_64);
        assertEquals(1, d.size(), d.toString());
        only(d, Severity.ERROR, "EM_X86_64 (62), expected EM_BPF (247)");

        d = validate(f -> f.elfClass = 1);
        only(d, Severity.ERROR, "object is ELFCLASS32, BPF objects are ELFCLASS64");

        d = validate(f -> f.order = ByteOrder.BIG_ENDIAN);
        assertFalse(ObjectValidator.hasErrors(d), d.toString());
        only(d, Severity.WARNING, "big-endian");

        d = validate(f -> f.elfType = ElfHeader.ET_EXEC);
        only(d, Severity.ERROR, "expected ET_REL");
    }

    @Test
    void programs() throws Exception {
        List<Diagnostic> d = validate(f -> f.programSection = ".text");
        Diagnostic e = only(d, Severity.ERROR, "no BPF program");
        assertTrue(e.message().contains("subprograms"), e.message());
        assertTrue(e.hint().contains("SEC("));

        d = validate(f -> f.staticProgram = true);
        only(d, Severity.ERROR, "holds code but no global function");
        assertEquals("prog", only(d, Severity.ERROR, "program 'prog' is static").function());

        d = validate(f -> f.programSection = "my_custom_section");
        assertFalse(ObjectValidator.hasErrors(d), d.toString());
        only(d, Severity.WARNING, "does not match any libbpf section name");

        d = validate(f -> f.programSection = "kprobe");
        only(d, Severity.WARNING, "has no attach target");
    }

    @Test
    void license() throws Exception {
        Diagnostic e = only(validate(f -> f.license = false), Severity.ERROR, "no 'license' section");
        assertTrue(e.hint().contains("SEC(\"license\")"));
        only(validate(f -> f.licenseText = new byte[] {'G', 'P', 'L'}), Severity.ERROR, "not a NUL-terminated string: \"GPL\"");
        only(validate(f -> f.licenseText = new byte[] {0}), Severity.ERROR, "empty string");
        List<Diagnostic> d = validate(f -> f.licenseText = "Proprietary\0".getBytes());
        assertFalse(ObjectValidator.hasErrors(d));
        only(d, Severity.NOTE, "license \"Proprietary\" is not GPL-compatible");
        assertEquals(List.of(), validate(f -> f.licenseText = "Dual BSD/GPL\0".getBytes()));
    }

    @Test
    void btf() throws Exception {
        List<Diagnostic> d = validate(f -> f.btf = false);
        only(d, Severity.ERROR, "no .BTF section");
        assertEquals(1, d.size(), "without BTF the maps cannot be checked further: " + d);
        only(validate(f -> f.btfExt = false), Severity.ERROR, "no .BTF.ext section");
    }

    @Test
    void maps() throws Exception {
        List<Diagnostic> d = validate(f -> f.mapVar = false);
        Diagnostic e = only(d, Severity.ERROR, "map 'stats' is defined in '.maps' but has no VAR in BTF DATASEC '.maps'");
        assertTrue(e.hint() != null);

        only(validate(f -> f.extraMapMember = "max_size"), Severity.ERROR, "map 'stats': unknown attribute 'max_size'");
        only(validate(f -> f.typeAsPlainInt = true), Severity.ERROR, "attribute 'type' is int, expected the __uint encoding");
        only(validate(f -> f.mapsExecutable = true), Severity.ERROR, "section '.maps' is executable");
        only(validate(f -> f.mapType = 77), Severity.WARNING, "unknown map type 77");
    }

    @Test
    void relocations() throws Exception {
        List<Diagnostic> d = validate(f -> f.undefinedCall = true);
        Diagnostic e = only(d, Severity.ERROR, "undefined symbol 'foo' referenced from section 'xdp'");
        assertTrue(e.message().contains("not a kfunc"), e.message());
        assertTrue(e.hint().contains("__ksym"));
        assertFalse(ObjectValidator.hasErrors(validate(f -> f.kfunc = true)));
    }
}
