package io.tinybpf.elf;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfExt;
import io.tinybpf.diag.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where in the Go source a program uses a symbol: the relocations naming it in the program's
 * section, mapped through BTF.ext line info. A kernel that lacks a kfunc fails the load in libbpf,
 * before the verifier could annotate anything, so this is how such a failure still points at the
 * Go line of the call.
 */
public final class CallSites {
    private CallSites() {}

    /** A use of a symbol: the Go position and that line's text (as BTF line info recorded it). */
    public record Site(SourcePos pos, String text) {}

    /**
     * The Go line whose source text is {@code text}, from BTF line info, preferring the section of
     * {@code program}: kernels before 6.3 annotate their verifier logs with the source text only,
     * without {@code @ file:line}. Empty when no line has that text, or several different lines do.
     */
    public static Optional<Site> lineOfText(ElfFile elf, String program, String text) {
        BtfExt lines = lines(elf);
        if (lines == null) return Optional.empty();
        String want = text.strip();
        String own = elf.symbol(program).filter(ElfSymbol::isInSection).map(s -> elf.section(s.shndx()).name()).orElse(null);
        for (boolean ownOnly : new boolean[] {true, false}) {
            java.util.Set<SourcePos> found = new java.util.LinkedHashSet<>();
            for (var e : lines.lineInfo().entrySet()) {
                if (ownOnly && !e.getKey().equals(own)) continue;
                for (BtfExt.LineInfo l : e.getValue()) if (l.lineText().strip().equals(want)) found.add(new SourcePos(file(l), l.line(), 0));
            }
            if (found.size() == 1) return Optional.of(new Site(found.iterator().next(), want));
            if (found.size() > 1) return Optional.empty();
        }
        return Optional.empty();
    }

    private static String file(BtfExt.LineInfo l) {
        return l.fileName().startsWith("./") ? l.fileName().substring(2) : l.fileName();
    }

    private static BtfExt lines(ElfFile elf) {
        Optional<ElfSection> ext = elf.section(".BTF.ext");
        Optional<ElfSection> btfSec = elf.section(".BTF");
        if (ext.isEmpty() || btfSec.isEmpty()) return null;
        try {
            return BtfExt.parse(ext.get().bytes(), Btf.parse(btfSec.get().bytes()));
        } catch (io.tinybpf.btf.BtfFormatException e) {
            return null;
        }
    }

    /**
     * Uses of {@code symbol} in the section of {@code program} (a FUNC symbol), else in any
     * executable section (a subprogram may make the call), first one first; empty when the object
     * has no line info or no such use.
     */
    public static List<Site> of(ElfFile elf, String program, String symbol) {
        BtfExt lines = lines(elf);
        if (lines == null) return List.of();
        List<ElfSection> order = new ArrayList<>();
        elf.symbol(program).filter(ElfSymbol::isInSection).map(s -> elf.section(s.shndx())).ifPresent(order::add);
        for (ElfSection s : elf.sections()) if (s.isExecutable() && !order.contains(s)) order.add(s);
        List<Site> out = new ArrayList<>();
        for (ElfSection s : order) {
            List<BtfExt.LineInfo> li = lines.lineInfo(s.name());
            for (ElfRelocation r : elf.relocationsFor(s)) {
                if (r.symbol() == null || !symbol.equals(r.symbol().name())) continue;
                BtfExt.LineInfo best = null;
                for (BtfExt.LineInfo l : li) if (l.insnOffset() <= r.offset() && (best == null || l.insnOffset() >= best.insnOffset())) best = l;
                if (best != null) out.add(new Site(new SourcePos(file(best), best.line(), best.column()), best.lineText().strip()));
            }
            if (!out.isEmpty()) return out;
        }
        return out;
    }
}
