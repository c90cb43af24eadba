package io.tinybpf.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Who could have written a path. tinybpf runs as root and writes objects root loads into the
 * kernel, so a config file, cache directory, work directory or tool is used only when nobody but
 * the invoking user and root can change it (the rule ssh applies to its keys, git to
 * {@code safe.directory}): the path and every directory above it are owned by the invoking user
 * or root, and none is writable by group or others, except ancestors with the sticky bit (like
 * /tmp), where others cannot rename or replace what they do not own. Symbolic links are checked
 * as links (their owner) and then along the path they lead to. See SECURITY.md.
 */
public final class Trust {
    private Trust() {}

    /** A path another user could change. The message names the path, the owner or mode, and the fix. */
    public static final class UntrustedException extends Exception {
        private final Path path;

        public UntrustedException(Path path, String message) {
            super(message);
            this.path = path;
        }

        public Path path() {
            return path;
        }
    }

    private static final int EUID = readEuid();

    /** The effective user id of this process (from /proc/self/status; -1 when unknown). */
    public static int euid() {
        return EUID;
    }

    private static int readEuid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.split("\\s+")[2]);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return -1;
    }

    /**
     * Checks {@code p} ({@code what} says what it is, e.g. "config file") and everything above it.
     *
     * @throws UntrustedException when another user could have written it
     * @throws NoSuchFileException when it does not exist
     */
    public static void require(Path p, String what) throws UntrustedException, IOException {
        require(p, what, false);
    }

    /**
     * As {@link #require}, for a directory tinybpf only creates fresh, privately named entries in
     * (the temporary-file root): there, like above it, the sticky bit suffices (/tmp is fine).
     */
    public static void requireParent(Path dir, String what) throws UntrustedException, IOException {
        require(dir, what, true);
    }

    private static void require(Path p, String what, boolean stickyOk) throws UntrustedException, IOException {
        if (EUID < 0) return; // no owner information: nothing to compare with
        Path abs = p.toAbsolutePath().normalize();
        checkChain(abs, what, abs, stickyOk);
        Path real = abs.toRealPath();
        if (!real.equals(abs)) checkChain(real, what, abs, stickyOk);
    }

    /** True when {@link #require} accepts {@code p}. */
    public static boolean trusted(Path p) {
        try {
            require(p, "path");
            return true;
        } catch (UntrustedException | IOException e) {
            return false;
        }
    }

    private static void checkChain(Path abs, String what, Path named, boolean stickyOk) throws UntrustedException, IOException {
        Path cur = abs.getRoot();
        check(cur, !stickyOk && abs.getNameCount() == 0, what, named);
        for (int i = 0; i < abs.getNameCount(); i++) {
            cur = cur.resolve(abs.getName(i));
            check(cur, !stickyOk && i == abs.getNameCount() - 1, what, named);
        }
    }

    private static void check(Path p, boolean last, String what, Path named) throws UntrustedException, IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        String subject = p.equals(named) ? what + " " + p : what + " " + named + ": " + p;
        if (uid != EUID && uid != 0) {
            throw new UntrustedException(named, subject + " is owned by " + a.owner().getName() + " (uid " + uid + "), not by you ("
                    + user() + ") or root, so another user can change it; tinybpf refuses to use it (fix: chown "
                    + user() + " " + p + ", or use a path of your own)");
        }
        if (a.isSymbolicLink()) return; // a link's own mode means nothing; its target chain is checked separately
        Set<PosixFilePermission> perms = a.permissions();
        boolean othersWrite = perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        if (!othersWrite) return;
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean sticky = (mode & 01000) != 0;
        if (a.isDirectory() && sticky && !last) return; // like /tmp: others cannot replace what is below
        throw new UntrustedException(named, subject + " is writable by " + (perms.contains(PosixFilePermission.OTHERS_WRITE) ? "every user"
                : "its group") + " (mode " + PosixFilePermissions.toString(perms) + "), so another user can change it; tinybpf refuses "
                + "to use it (fix: chmod go-w " + p + ")");
    }

    private static String user() {
        String u = System.getProperty("user.name");
        return u == null || u.isEmpty() ? "uid " + EUID : u;
    }

    /**
     * Creates {@code dir} and any missing parents with mode 0700 (nobody else can enter or write
     * them), then checks the whole chain.
     */
    public static Path createPrivateDirectories(Path dir, String what) throws UntrustedException, IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing != null && !existing.equals(abs)) {
            require(existing, what);
            Path cur = existing;
            for (Path part : existing.relativize(abs)) {
                cur = cur.resolve(part);
                try {
                    Files.createDirectory(cur, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another build created it first: checked below like any existing directory
                }
            }
        }
        require(abs, what);
        return abs;
    }
}
