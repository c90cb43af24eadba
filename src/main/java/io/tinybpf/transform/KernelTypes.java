package io.tinybpf.transform;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfType;
import io.tinybpf.util.FileIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The build host's kernel BTF ({@code /sys/kernel/btf/vmlinux}, or a file given), read when a
 * program calls kfuncs: libbpf checks each kfunc's prototype in the object against the kernel's,
 * and a Go {@code unsafe.Pointer} gives {@code void *} where the kernel has
 * {@code struct task_struct *}. Only the names of the structs behind pointers are taken from it.
 */
final class KernelTypes {
    /**
     * What was read from each BTF file, by the file's identity: parsing vmlinux's BTF takes
     * 0.2-0.4 s, which every build of a kfunc program paid (the build server asks once per kfunc
     * now). In memory only; one entry per path, replaced when the file changes.
     */
    private static final ConcurrentHashMap<Path, Known> KNOWN = new ConcurrentHashMap<>();
    private static final int MAX_ANSWERS = 4096;

    private static final class Known {
        final String identity;
        volatile Boolean readable;
        final ConcurrentHashMap<String, Optional<List<String>>> answers = new ConcurrentHashMap<>();

        Known(String identity) {
            this.identity = identity;
        }
    }

    private final Path file;
    private Btf btf;
    private boolean tried;
    private Known known;

    KernelTypes(Path file) {
        this.file = file;
    }

    private Known known() {
        if (known == null) {
            String id = FileIdentity.of(file);
            known = KNOWN.compute(file, (p, k) -> k != null && k.identity.equals(id) ? k : new Known(id));
        }
        return known;
    }

    /** Whether a kernel BTF could be read. */
    boolean available() {
        if (file == null) return false;
        Boolean r = known().readable;
        return r != null ? r : load() != null;
    }

    Path file() {
        return file;
    }

    /**
     * For a kfunc: the struct (or union) name behind each pointer in its prototype, return first,
     * then each parameter; null where the position is not a pointer to a named composite. Empty when
     * the kernel has no such function (or no BTF could be read).
     */
    Optional<List<String>> pointeeNames(String kfunc) {
        if (file == null) return Optional.empty();
        Known k = known();
        Optional<List<String>> hit = k.answers.get(kfunc);
        if (hit != null) return hit;
        Optional<List<String>> r = read(kfunc);
        if (k.answers.size() < MAX_ANSWERS) k.answers.put(kfunc, r);
        return r;
    }

    private Optional<List<String>> read(String kfunc) {
        Btf b = load();
        if (b == null) return Optional.empty();
        Optional<BtfType.Func> f = b.find(kfunc, BtfType.Func.class);
        if (f.isEmpty() || !(b.resolve(f.get().type()) instanceof BtfType.FuncProto proto)) return Optional.empty();
        List<String> out = new ArrayList<>();
        out.add(pointee(b, proto.returnType()));
        for (BtfType.Param p : proto.params()) out.add(pointee(b, p.type()));
        return Optional.of(java.util.Collections.unmodifiableList(out));
    }

    private static String pointee(Btf b, int id) {
        if (id == 0 || !(b.resolve(id) instanceof BtfType.Ptr p) || p.type() == 0) return null;
        BtfType t = b.resolve(p.type());
        return t instanceof BtfType.Composite c && !c.name().isEmpty() ? c.name() : null;
    }

    private Btf load() {
        if (tried) return btf;
        tried = true;
        if (file == null) return null;
        try {
            btf = Btf.parse(Files.readAllBytes(file));
        } catch (IOException | BtfFormatException | RuntimeException e) {
            btf = null;
        }
        known().readable = btf != null;
        return btf;
    }
}
