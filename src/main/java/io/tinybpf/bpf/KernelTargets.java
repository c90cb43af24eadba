package io.tinybpf.bpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Whether the running kernel has what a section attaches to: a tracepoint (tracefs
 * {@code events/<category>/<name>}), a raw or BTF tracepoint ({@code btf_trace_<name>} in the
 * kernel's BTF), a function for fentry/fexit/fmod_ret (its name in vmlinux or module BTF), an LSM
 * hook ({@code bpf_lsm_<hook>}), an iterator ({@code bpf_iter_<name>}), a kprobe target
 * ({@code /proc/kallsyms}). Only a definite absence is reported: when tracefs or BTF cannot be
 * read the target is not checked. A typo gets the closest name the kernel has.
 */
public final class KernelTargets {
    /** A target the kernel lacks: what it is, and the closest name it does have (or null). */
    public record Missing(String what, String suggestion) {
        public String message() {
            return what + (suggestion != null ? " (did you mean " + suggestion + "?)" : "");
        }
    }

    private final Path tracefs;
    private final Path btfDir;
    private final Path kallsyms;
    private List<byte[]> btfFiles; // vmlinux first, then modules; read on first use
    private byte[] vmlinux; // read on first use, alone when it has the name looked up
    /**
     * Names found in a vmlinux BTF, by the file's identity: reading and searching its 6 MB took
     * 35-80 ms of every build of an fentry, LSM or raw tracepoint program; the build server
     * searches once per name. Memory only.
     */
    private static final java.util.Set<String> IN_VMLINUX = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param tracefs  a tracefs mount (with {@code events/}), or null
     * @param btfDir   {@code /sys/kernel/btf} (vmlinux and module BTF), or null
     * @param kallsyms {@code /proc/kallsyms}, or null
     */
    public KernelTargets(Path tracefs, Path btfDir, Path kallsyms) {
        this.tracefs = tracefs;
        this.btfDir = btfDir;
        this.kallsyms = kallsyms;
    }

    /** The running kernel's, as far as this process can read them. */
    public static KernelTargets running() {
        Path tracefs = null;
        for (String t : List.of("/sys/kernel/tracing", "/sys/kernel/debug/tracing")) {
            if (Files.isDirectory(Path.of(t, "events"))) {
                tracefs = Path.of(t);
                break;
            }
        }
        Path btf = Path.of("/sys/kernel/btf");
        Path ks = Path.of("/proc/kallsyms");
        return new KernelTargets(tracefs, Files.isReadable(btf.resolve("vmlinux")) ? btf : null, Files.isReadable(ks) ? ks : null);
    }

    /** What is missing for {@code section}, or empty when it is there, has no target, or cannot be checked. */
    public Optional<Missing> check(String section) {
        Optional<SectionDef> def = SectionNames.resolve(section);
        if (def.isEmpty()) return Optional.empty();
        Optional<String> target = def.get().targetOf(section);
        if (target.isEmpty()) return Optional.empty();
        String t = target.get();
        try {
            return switch (def.get().programKind()) {
                case TRACEPOINT -> tracepoint(t);
                case RAW_TRACEPOINT, TP_BTF -> btfName("btf_trace_", t, "raw tracepoint");
                case FENTRY -> btfName("", t.contains(":") ? t.substring(t.indexOf(':') + 1) : t, "kernel function");
                case LSM -> btfName("bpf_lsm_", t, "LSM hook");
                case ITER -> btfName("bpf_iter_", t, "iterator");
                case KPROBE -> def.get().kind().contains("multi") || def.get().kind().contains("session") || t.contains("*")
                        ? Optional.empty() : kprobe(t.contains("+") ? t.substring(0, t.indexOf('+')) : t);
                default -> Optional.empty();
            };
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty(); // unreadable: not checked
        }
    }

    private Optional<Missing> tracepoint(String target) throws IOException {
        if (tracefs == null) return Optional.empty();
        int slash = target.indexOf('/');
        if (slash <= 0 || slash == target.length() - 1) return Optional.empty(); // libbpf's own error
        String category = target.substring(0, slash), name = target.substring(slash + 1);
        Path events = tracefs.resolve("events");
        if (Files.isDirectory(events.resolve(category).resolve(name))) return Optional.empty();
        if (!Files.isDirectory(events.resolve(category))) {
            String c = io.tinybpf.util.Suggest.closest(category, list(events), 3);
            return Optional.of(new Missing("this kernel has no tracepoint category " + category, c == null ? null : c + "/" + name));
        }
        String n = io.tinybpf.util.Suggest.closest(name, list(events.resolve(category)), Math.max(2, name.length() / 4));
        return Optional.of(new Missing("this kernel has no tracepoint " + target, n == null ? null : category + "/" + n));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** {@code prefix + name} must be a string of some kernel BTF (a definite "no" only when it is in none). */
    private Optional<Missing> btfName(String prefix, String name, String what) throws IOException {
        if (btfDir == null || name.isEmpty()) return Optional.empty();
        byte[] wanted = (prefix + name).getBytes(StandardCharsets.UTF_8);
        // nearly every target is in vmlinux: the modules' BTF (dozens of files) is read only when it is not
        Path vmlinuxFile = btfDir.resolve("vmlinux");
        String known = io.tinybpf.util.FileIdentity.of(vmlinuxFile) + "\0" + prefix + name;
        if (IN_VMLINUX.contains(known)) return Optional.empty();
        if (vmlinux == null && Files.isReadable(vmlinuxFile)) vmlinux = Files.readAllBytes(vmlinuxFile);
        if (vmlinux != null && containsString(vmlinux, wanted)) {
            if (IN_VMLINUX.size() < 4096) IN_VMLINUX.add(known);
            return Optional.empty();
        }
        List<byte[]> files = btf();
        if (files.isEmpty()) return Optional.empty();
        for (byte[] f : files) if (f != vmlinux && containsString(f, wanted)) return Optional.empty();
        TreeSet<String> candidates = new TreeSet<>();
        if (!prefix.isEmpty()) {
            for (byte[] f : files) stringsWithPrefix(f, prefix.getBytes(StandardCharsets.UTF_8), candidates);
        }
        String s = candidates.isEmpty() ? null : io.tinybpf.util.Suggest.closest(name, candidates, Math.max(2, name.length() / 4));
        return Optional.of(new Missing("this kernel has no " + what + " " + name + " in its BTF", s));
    }

    private List<byte[]> btf() throws IOException {
        if (btfFiles != null) return btfFiles;
        List<byte[]> out = new ArrayList<>();
        if (btfDir != null && Files.isReadable(btfDir.resolve("vmlinux"))) {
            if (vmlinux == null) vmlinux = Files.readAllBytes(btfDir.resolve("vmlinux"));
            out.add(vmlinux);
            try (Stream<Path> s = Files.list(btfDir)) {
                for (Path p : s.filter(p -> !p.getFileName().toString().equals("vmlinux")).sorted().toList()) {
                    if (Files.isReadable(p)) out.add(Files.readAllBytes(p));
                }
            }
        }
        return btfFiles = out;
    }

    /** Whether {@code s} occurs in {@code data} as a whole NUL-terminated string. */
    static boolean containsString(byte[] data, byte[] s) {
        outer:
        for (int i = 0; i + s.length < data.length; i++) {
            if (data[i + s.length] != 0 || (i > 0 && data[i - 1] != 0)) continue;
            for (int j = 0; j < s.length; j++) if (data[i + j] != s[j]) continue outer;
            return true;
        }
        return false;
    }

    /** Adds every NUL-terminated string of {@code data} that starts with {@code prefix}, without it. */
    static void stringsWithPrefix(byte[] data, byte[] prefix, java.util.Collection<String> out) {
        outer:
        for (int i = 1; i + prefix.length < data.length; i++) {
            if (data[i - 1] != 0) continue;
            for (int j = 0; j < prefix.length; j++) if (data[i + j] != prefix[j]) continue outer;
            int end = i + prefix.length;
            while (end < data.length && data[end] != 0) end++;
            out.add(new String(data, i + prefix.length, end - i - prefix.length, StandardCharsets.UTF_8));
        }
    }

    private Optional<Missing> kprobe(String function) throws IOException {
        if (kallsyms == null || function.isEmpty()) return Optional.empty();
        String known = kallsyms + "\0" + bootId() + "\0" + function;
        if (IN_KALLSYMS.contains(known)) return Optional.empty();
        if (hasSymbol(Files.readAllBytes(kallsyms), function.getBytes(StandardCharsets.UTF_8))) {
            if (IN_KALLSYMS.size() < 4096) IN_KALLSYMS.add(known);
            return Optional.empty();
        }
        return Optional.of(new Missing("this kernel has no function " + function + " to probe in /proc/kallsyms", null));
    }

    /**
     * Functions found in /proc/kallsyms during this boot: reading it (about 200k lines) took
     * 20-35 ms of every kprobe program's build. Only a found name is remembered, and only as long
     * as the build server lives; the check is a warning, and a module unloaded meanwhile is rare.
     */
    private static final java.util.Set<String> IN_KALLSYMS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown-" + System.nanoTime(); // never reused
        }
    }

    /** Whether a kallsyms line ("ffffffff81234560 T do_unlinkat" or "... t name\t[module]") names {@code sym}. */
    static boolean hasSymbol(byte[] data, byte[] sym) {
        outer:
        for (int i = 1; i + sym.length <= data.length; i++) {
            // the third field: after "<address> <type> "
            if (data[i] != sym[0] || data[i - 1] != ' ' || i < 3 || data[i - 3] != ' ' || data[i - 2] == ' ' || data[i - 2] == '\n') continue;
            int end = i + sym.length;
            if (end < data.length && data[end] != '\n' && data[end] != '\t' && data[end] != ' ') continue;
            for (int j = 1; j < sym.length; j++) if (data[i + j] != sym[j]) continue outer;
            return true;
        }
        return false;
    }
}
