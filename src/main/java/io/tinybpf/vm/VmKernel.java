package io.tinybpf.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A kernel a VM can boot.
 *
 * @param name    what the user wrote: "6.1" for an installed kernel, else the image path
 * @param release the kernel release (uname -r), read from the image's header
 * @param image   the bzImage / vmlinuz
 * @param modules its {@code lib/modules/<release>} directory, or null when it has none
 */
public record VmKernel(String name, String release, Path image, Path modules) {

    /** Where scripts/setup installs kernels and the agent ({@code $TINYBPF_PREFIX}, default /opt/tinybpf). */
    public static Path prefix(Map<String, String> env) {
        return Path.of(env.getOrDefault("TINYBPF_PREFIX", "/opt/tinybpf"));
    }

    /** The kernels {@code scripts/setup kernels} installed, by name, in version order. */
    public static List<VmKernel> installed(Map<String, String> env) {
        Path root = prefix(env).resolve("kernels");
        List<VmKernel> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") || !Files.isSymbolicLink(p) || !Files.isRegularFile(p.resolve("kernel.env"))) continue;
                try {
                    out.add(fromInstall(n, p));
                } catch (VmException e) {
                    // a broken install is reported when it is asked for by name
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort((a, b) -> compareVersions(a.name(), b.name()));
        return out;
    }

    /**
     * Resolves what the user asked for: an installed kernel's name ("6.1"), or a path to a bzImage
     * or vmlinuz, optionally followed by {@code :<modules dir>}. A path's modules are otherwise
     * found beside it ({@code <root>/boot/vmlinuz-R} → {@code <root>/lib/modules/R}, or a
     * {@code lib/modules/R} next to the image) when they exist.
     */
    public static VmKernel resolve(String spec, Map<String, String> env) {
        if (spec.isBlank()) throw new VmException("empty kernel name: expected e.g. 6.1, 6.12 or a path to a bzImage");
        boolean pathLike = spec.contains("/") || spec.startsWith(".");
        if (!pathLike) {
            Path dir = prefix(env).resolve("kernels").resolve(spec);
            if (Files.isRegularFile(dir.resolve("kernel.env"))) return fromInstall(spec, dir);
            List<String> have = installed(env).stream().map(VmKernel::name).toList();
            throw new VmException("no kernel '" + spec + "' is installed" + (have.isEmpty() ? "" : " (installed: " + String.join(", ", have) + ")")
                    + "; run scripts/setup kernels, or give the path to a bzImage/vmlinuz");
        }
        String imagePart = spec;
        Path modules = null;
        int colon = spec.lastIndexOf(':');
        if (colon > 0) {
            imagePart = spec.substring(0, colon);
            modules = io.tinybpf.util.Env.path(spec.substring(colon + 1));
            if (!Files.isDirectory(modules)) throw new VmException("kernel " + spec + ": modules directory " + modules + " does not exist");
        }
        Path image = io.tinybpf.util.Env.path(imagePart); // the invocation's directory (a build server serves many)
        if (!Files.isRegularFile(image)) throw new VmException("kernel image " + image + " does not exist");
        String release = releaseOf(image);
        if (modules == null) modules = modulesBeside(image, release);
        return new VmKernel(spec, release, image, modules);
    }

    private static VmKernel fromInstall(String name, Path dir) {
        Map<String, String> kv = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("kernel.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new VmException("kernel " + name + ": cannot read " + dir.resolve("kernel.env") + ": " + e.getMessage());
        }
        if (!kv.containsKey("IMAGE")) throw new VmException("kernel " + name + ": " + dir.resolve("kernel.env") + " names no IMAGE; re-run scripts/setup kernels");
        Path image = dir.resolve(kv.get("IMAGE"));
        if (!Files.isRegularFile(image)) throw new VmException("kernel " + name + ": image " + image + " is missing; re-run scripts/setup kernels");
        Path modules = kv.containsKey("MODULES") ? dir.resolve(kv.get("MODULES")) : null;
        if (modules != null && !Files.isDirectory(modules)) modules = null;
        return new VmKernel(name, kv.getOrDefault("RELEASE", releaseOf(image)), image, modules);
    }

    private static Path modulesBeside(Path image, String release) {
        if (release.isEmpty()) return null;
        Path dir = image.getParent();
        List<Path> candidates = new ArrayList<>();
        if (dir.getFileName() != null && dir.getFileName().toString().equals("boot") && dir.getParent() != null) {
            candidates.add(dir.getParent().resolve("lib/modules").resolve(release));
        }
        candidates.add(dir.resolve("lib/modules").resolve(release));
        for (Path c : candidates) if (Files.isDirectory(c)) return c;
        return null;
    }

    /**
     * The release string from an x86 boot image: its setup header ("HdrS" at 0x202) points at a
     * NUL-terminated version string ("6.1.0-47-amd64 (debian-kernel@...) #1 SMP ...").
     *
     * @throws VmException when the file is not an x86 bzImage
     */
    static String releaseOf(Path image) {
        byte[] head = new byte[64 << 10];
        int n;
        try (InputStream in = Files.newInputStream(image)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new VmException("cannot read kernel image " + image + ": " + e.getMessage());
        }
        if (n < 0x210 || head[0x202] != 'H' || head[0x203] != 'd' || head[0x204] != 'r' || head[0x205] != 'S') {
            throw new VmException(image + " is not an x86 Linux boot image (bzImage/vmlinuz: no \"HdrS\" setup header)");
        }
        int off = 0x200 + ((head[0x20e] & 0xff) | (head[0x20f] & 0xff) << 8);
        if (off >= n) return "";
        int end = off;
        while (end < n && head[end] != 0 && head[end] != ' ') end++;
        return new String(head, off, end - off, StandardCharsets.US_ASCII);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+"), y = b.split("[^0-9]+");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length && !x[i].isEmpty() ? Long.parseLong(x[i]) : -1;
            long q = i < y.length && !y[i].isEmpty() ? Long.parseLong(y[i]) : -1;
            if (p != q) return Long.compare(p, q);
        }
        return a.compareTo(b);
    }

    /** "6.1 (Linux 6.1.0-47-amd64)". */
    public String describe() {
        return name + " (Linux " + (release.isEmpty() ? "?" : release) + ")";
    }
}
