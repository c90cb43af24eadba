package io.tinybpf.sdk;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the Go SDK (module {@code tinybpf.io/sdk}) is on this machine, for the {@code replace}
 * directive {@code tinybpf init} writes: {@code $TINYBPF_SDK}; beside the running tinybpf (the
 * repository's {@code sdk/} for a build from source, {@code share/tinybpf/sdk} under an install
 * prefix); then where {@code scripts/setup sdk} installs it, {@code /opt/tinybpf/sdk}. A
 * candidate counts only when its go.mod declares the module and neither it nor its directory can
 * be written by other users (its code is compiled into BPF programs).
 */
public final class SdkLocation {
    /** The module path: a vanity path of the project's domain, independent of where the repository is hosted. */
    public static final String MODULE = "tinybpf.io/sdk";
    /** The version tinybpf init requires (the replace directive points at the matching copy). */
    public static final String VERSION = "v0.1.0";
    /** Where scripts/setup installs it. */
    public static final Path INSTALLED = Path.of("/opt/tinybpf/sdk");

    private SdkLocation() {}

    /** The first valid candidate, or empty. */
    public static Optional<Path> find() {
        for (Path p : candidates()) if (valid(p)) return Optional.of(p.toAbsolutePath().normalize());
        return Optional.empty();
    }

    /** Every place looked at, in order (for messages). */
    public static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String env = io.tinybpf.util.Env.get("TINYBPF_SDK"); // the invoking environment (also through the build server)
        if (env != null && !env.isBlank()) out.add(io.tinybpf.util.Env.path(env));
        try {
            Path code = Path.of(SdkLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            // target/tinybpf.jar or target/classes in a source tree (sdk/ beside pom.xml); an install
            // prefix's lib/.../tinybpf.jar (share/tinybpf/sdk beside lib/)
            Path d = code.getParent();
            for (int up = 0; d != null && up < 6; up++, d = d.getParent()) {
                out.add(d.resolve("sdk"));
                out.add(d.resolve("share/tinybpf/sdk"));
                if (Files.isRegularFile(d.resolve("pom.xml"))) break;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source (an unusual class loader): only the fixed places
        }
        out.add(INSTALLED);
        return out;
    }

    /** Declares the module, and is not writable by other users. */
    public static boolean valid(Path dir) {
        Path gomod = dir.resolve("go.mod");
        try {
            if (!Files.isRegularFile(gomod) || !Files.readString(gomod).startsWith("module " + MODULE + "\n")) return false;
            return safe(dir) && safe(gomod);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean safe(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String me = System.getProperty("user.name");
        boolean owner = a.owner().getName().equals("root") || a.owner().getName().equals(me);
        return owner && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    }
}
