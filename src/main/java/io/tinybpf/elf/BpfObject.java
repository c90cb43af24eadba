package io.tinybpf.elf;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfExt;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An ELF file with its BTF parsed once, plus the conventions both validator and summary use. */
final class BpfObject {
    static final String TEXT = ".text", MAPS = ".maps", LICENSE = "license", BTF = ".BTF", BTF_EXT = ".BTF.ext",
            KSYMS = ".ksyms", KCONFIG = ".kconfig";

    final ElfFile elf;
    final Optional<ElfSection> btfSection, extSection;
    /** null when absent or malformed (see {@link #btfError}). */
    final Btf btf;
    final BtfFormatException btfError;
    final BtfExt ext;
    final BtfFormatException extError;

    BpfObject(ElfFile elf) {
        this.elf = elf;
        this.btfSection = elf.section(BTF);
        this.extSection = elf.section(BTF_EXT);
        Btf b = null;
        BtfFormatException be = null;
        if (btfSection.isPresent()) {
            try {
                b = Btf.parse(btfSection.get().contents());
            } catch (BtfFormatException e) {
                be = e;
            }
        }
        BtfExt x = null;
        BtfFormatException xe = null;
        if (b != null && extSection.isPresent()) {
            try {
                x = BtfExt.parse(extSection.get().contents(), b);
            } catch (BtfFormatException e) {
                xe = e;
            }
        }
        this.btf = b;
        this.btfError = be;
        this.ext = x;
        this.extError = xe;
    }

    /** Holds BPF instructions: executable PROGBITS with contents. */
    static boolean isCode(ElfSection s) {
        return s.type() == ElfSection.SHT_PROGBITS && s.isExecutable() && s.size() > 0;
    }

    /** Sections whose global functions are programs (libbpf: every code section but .text). */
    List<ElfSection> programSections() {
        List<ElfSection> out = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (isCode(s) && !s.name().equals(TEXT)) out.add(s);
        }
        return out;
    }

    /** Entry points of a program section: its non-local FUNC symbols. */
    List<ElfSymbol> programSymbols(ElfSection s) {
        List<ElfSymbol> out = new ArrayList<>();
        for (ElfSymbol sym : elf.symbolsIn(s)) {
            if (sym.type() == ElfSymbol.Type.FUNC && sym.isGlobal()) out.add(sym);
        }
        return out;
    }

    /**
     * A kfunc extern: a BTF FUNC with extern linkage listed in DATASEC {@code .ksyms} (what
     * {@code __ksym} produces). clang gives every called extern function an extern FUNC, so the
     * linkage alone does not make a kfunc; libbpf rejects externs outside {@code .ksyms}/{@code .kconfig}.
     */
    boolean isKfunc(String name) {
        return externIn(name, BtfType.Func.class, KSYMS);
    }

    /** An extern variable libbpf resolves itself ({@code __kconfig}, or typed {@code __ksym}). */
    boolean isExternVar(String name) {
        return externIn(name, BtfType.Var.class, KCONFIG) || externIn(name, BtfType.Var.class, KSYMS);
    }

    private boolean externIn(String name, Class<? extends BtfType> kind, String datasec) {
        if (btf == null) return false;
        Optional<BtfType.DataSec> ds = btf.find(datasec, BtfType.DataSec.class);
        if (ds.isEmpty()) return false;
        for (BtfType.VarSecInfo vi : ds.get().vars()) {
            BtfType t = btf.type(vi.type());
            boolean extern = t instanceof BtfType.Func f ? f.linkage() == BtfType.Linkage.EXTERN
                    : t instanceof BtfType.Var v && v.linkage() == BtfType.Linkage.EXTERN;
            if (extern && kind.isInstance(t) && t.name().equals(name)) return true;
        }
        return false;
    }
}
