package io.tinybpf.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Fake tools for tests: small shell scripts, mode 0755. */
public final class Scripts {
    private Scripts() {}

    /** Writes {@code #!/bin/sh} plus {@code body} to {@code p} (parents created) and makes it executable. */
    public static Path executable(Path p, String body) throws IOException {
        Files.createDirectories(p.toAbsolutePath().getParent());
        Files.writeString(p, body.startsWith("#!") ? body : "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
