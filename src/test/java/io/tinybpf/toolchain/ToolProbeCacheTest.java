package io.tinybpf.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tinygo version} (about 0.1 s) runs once per TinyGo binary, not once per build: the answer
 * is remembered by the file's identity, and a changed file is asked again.
 */
class ToolProbeCacheTest {
    @TempDir
    Path tmp;

    @Test
    void versionProbeRunsOncePerFileIdentity() throws Exception {
        Path count = tmp.resolve("count");
        Path tinygo = tmp.resolve("bin/tinygo"); // not under tinygo-<v>-llvm<N>: the major must be asked
        Files.createDirectories(tinygo.getParent());
        Files.writeString(tinygo, "#!/bin/sh\necho x >> '" + count + "'\n"
                + "echo 'tinygo version 0.42.0 linux/amd64 (using go version go1.26.8 and LLVM version 22.1.8)'\n");
        Files.setPosixFilePermissions(tinygo, PosixFilePermissions.fromString("rwx------"));

        assertEquals(22, new ToolLocator(java.util.Map.of()).tinygoMajor(tinygo));
        assertEquals(22, new ToolLocator(java.util.Map.of()).tinygoMajor(tinygo));
        assertEquals(1, Files.readAllLines(count).size(), "asked once");

        Files.setLastModifiedTime(tinygo, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(22, new ToolLocator(java.util.Map.of()).tinygoMajor(tinygo));
        assertEquals(2, Files.readAllLines(count).size(), "a changed binary is asked again");
    }
}
