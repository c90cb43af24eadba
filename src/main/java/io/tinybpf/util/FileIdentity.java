package io.tinybpf.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's identity for in-memory memos of what was read from it (a tool's version, facts from
 * the kernel's BTF): the build server asks once per file, and a replaced or rebuilt file is
 * another file. Memos keyed by it live in memory only, so nothing another user could plant.
 */
public final class FileIdentity {
    private FileIdentity() {}

    /** Real path, inode, size, modification and change time; unique (never reused) when the file cannot be read. */
    public static String of(Path p) {
        try {
            Path real = p.toRealPath();
            var a = Files.readAttributes(real, "unix:ino,size,lastModifiedTime,ctime");
            return real + ":" + a.get("ino") + ":" + a.get("size") + ":" + a.get("lastModifiedTime") + ":" + a.get("ctime");
        } catch (IOException | RuntimeException e) {
            return p + ":" + System.nanoTime(); // unknown identity: never reuse
        }
    }
}
