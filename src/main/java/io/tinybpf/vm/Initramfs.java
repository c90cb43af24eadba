package io.tinybpf.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The guest's whole file system: an uncompressed cpio archive ("newc", what the kernel unpacks
 * into its initial rootfs) holding the agent as {@code /init}, a {@code /bin/true} link to it,
 * the files a request needs up front and the modules to insert. Written in Java (a header is 110
 * ASCII bytes) so no cpio tool is needed; timestamps are zero, so the same inputs give the same
 * bytes.
 */
final class Initramfs {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Set<String> dirs = new HashSet<>();
    private int inode = 1;

    void dir(String path) {
        if (path.isEmpty() || !dirs.add(path)) return;
        int slash = path.lastIndexOf('/');
        if (slash > 0) dir(path.substring(0, slash));
        entry(path, 0040755, new byte[0]);
    }

    void file(String path, int mode, byte[] data) {
        int slash = path.lastIndexOf('/');
        if (slash > 0) dir(path.substring(0, slash));
        entry(path, 0100000 | mode, data);
    }

    void symlink(String path, String target) {
        int slash = path.lastIndexOf('/');
        if (slash > 0) dir(path.substring(0, slash));
        entry(path, 0120777, target.getBytes(StandardCharsets.UTF_8));
    }

    private void entry(String name, int mode, byte[] data) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("070701");
        for (long v : new long[] {inode++, mode, 0, 0, (mode & 0170000) == 0040000 ? 2 : 1, 0, data.length, 0, 0, 0, 0, n.length, 0}) {
            h.append(String.format(Locale.ROOT, "%08x", v));
        }
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(n);
        pad();
        out.writeBytes(data);
        pad();
    }

    private void pad() {
        while (out.size() % 4 != 0) out.write(0);
    }

    byte[] finish() {
        entry("TRAILER!!!", 0, new byte[0]);
        return out.toByteArray();
    }

    /**
     * Adds {@code names} (module names: "veth", "nf_conntrack") and everything they depend on,
     * from {@code modulesDir/modules.dep} (made by depmod; scripts/setup runs it), under
     * {@code /modules}, with {@code /modules/load.list} in insertion order for the agent. Modules
     * built into the kernel (modules.builtin) are skipped.
     *
     * @throws VmException for a module the kernel does not have
     */
    void modules(Path modulesDir, List<String> names) throws IOException {
        if (names.isEmpty()) return;
        if (modulesDir == null) throw new VmException("modules " + names + " were asked for, but this kernel has no modules directory");
        Path depFile = modulesDir.resolve("modules.dep");
        if (!Files.isRegularFile(depFile)) {
            throw new VmException(depFile + " is missing: run depmod -b <root> <release> (scripts/setup kernels does) to load modules");
        }
        Map<String, String> pathByName = new LinkedHashMap<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (String line : Files.readAllLines(depFile)) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String path = line.substring(0, colon).strip();
            pathByName.put(moduleName(path), path);
            String rest = line.substring(colon + 1).strip();
            deps.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
        }
        Set<String> builtin = new HashSet<>();
        Path b = modulesDir.resolve("modules.builtin");
        if (Files.isRegularFile(b)) for (String l : Files.readAllLines(b)) if (!l.isBlank()) builtin.add(moduleName(l.strip()));
        Map<String, List<String>> softPre = softDependencies(modulesDir);
        Map<String, List<String>> aliases = aliases(modulesDir);
        List<String> order = new ArrayList<>();
        for (String want : names) add(want, true, pathByName, deps, builtin, softPre, aliases, order);
        for (String p : order) file("modules/" + p, 0644, Files.readAllBytes(modulesDir.resolve(p)));
        file("modules/load.list", 0644, (String.join("\n", order) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Adds a module after what it needs: its "pre" soft dependencies (modules.softdep, which name
     * modules or aliases: libcrc32c wants "crc32c"), then its hard ones (modules.dep lists every
     * indirect one, the deepest last: they go in reverse).
     */
    private static void add(String want, boolean required, Map<String, String> pathByName, Map<String, List<String>> deps,
                            Set<String> builtin, Map<String, List<String>> softPre, Map<String, List<String>> aliases, List<String> order) {
        String key = want.replace('-', '_');
        if (builtin.contains(key)) return;
        String path = pathByName.get(key);
        if (path == null) {
            // an alias: prefer the portable implementation (crc32c_generic runs on any CPU; crc32c_intel needs SSE4.2)
            List<String> cands = aliases.getOrDefault(want, List.of());
            String pick = cands.stream().filter(c -> c.endsWith("_generic")).findFirst().orElse(cands.isEmpty() ? null : cands.getFirst());
            if (pick != null) {
                add(pick, required, pathByName, deps, builtin, softPre, aliases, order);
                return;
            }
            if (!required) return;
            throw new VmException("kernel module '" + want + "' is not among the kernel's modules");
        }
        if (order.contains(path)) return;
        for (String soft : softPre.getOrDefault(key, List.of())) add(soft, false, pathByName, deps, builtin, softPre, aliases, order);
        List<String> ds = new ArrayList<>(deps.getOrDefault(path, List.of()));
        java.util.Collections.reverse(ds);
        for (String d : ds) {
            String dn = moduleName(d);
            for (String soft : softPre.getOrDefault(dn, List.of())) add(soft, false, pathByName, deps, builtin, softPre, aliases, order);
            if (!order.contains(d)) order.add(d);
        }
        order.add(path);
    }

    /** modules.softdep: "softdep libcrc32c pre: crc32c" → libcrc32c → [crc32c]. */
    private static Map<String, List<String>> softDependencies(Path modulesDir) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Path f = modulesDir.resolve("modules.softdep");
        if (!Files.isRegularFile(f)) return out;
        for (String line : Files.readAllLines(f)) {
            String[] t = line.strip().split("\\s+");
            if (t.length < 3 || !t[0].equals("softdep")) continue;
            List<String> pre = new ArrayList<>();
            boolean inPre = false;
            for (int i = 2; i < t.length; i++) {
                if (t[i].endsWith(":")) inPre = t[i].equals("pre:");
                else if (inPre) pre.add(t[i]);
            }
            if (!pre.isEmpty()) out.put(t[1].replace('-', '_'), pre);
        }
        return out;
    }

    /** modules.alias: "alias crc32c crc32c_generic" → crc32c → [crc32c_intel, crc32c_generic]. */
    private static Map<String, List<String>> aliases(Path modulesDir) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Path f = modulesDir.resolve("modules.alias");
        if (!Files.isRegularFile(f)) return out;
        for (String line : Files.readAllLines(f)) {
            String[] t = line.strip().split("\\s+");
            if (t.length == 3 && t[0].equals("alias") && !t[1].contains("*")) out.computeIfAbsent(t[1], x -> new ArrayList<>()).add(t[2]);
        }
        return out;
    }

    /** "kernel/net/veth.ko.xz" → "veth"; dashes and underscores are one character to modprobe. */
    static String moduleName(String path) {
        String f = path.substring(path.lastIndexOf('/') + 1);
        int ko = f.indexOf(".ko");
        return (ko > 0 ? f.substring(0, ko) : f).replace('-', '_');
    }
}
