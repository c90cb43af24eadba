package io.tinybpf.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed store of stage outputs. An entry is a directory {@code <dir>/<k0k1>/<key>/}
 * holding {@code data} (the artifact), {@code notes} (warnings to replay) and {@code sum} (the
 * SHA-256 of both). Entries are built in a temporary directory and renamed into place, so
 * concurrent builds sharing the cache never see a torn entry; a corrupt entry fails its checksum,
 * is removed and counts as a miss. Hits refresh the entry's time, and eviction removes the least
 * recently used entries once the cache grows past its size limit.
 */
public final class BuildCache {
    /** Format version: part of the directory name, so incompatible caches never mix. */
    static final String FORMAT = "v1";
    static final long DEFAULT_LIMIT = 2L << 30; // 2 GiB

    private final Path dir;
    private final long limitBytes;

    public BuildCache(Path dir, long limitBytes) {
        this.dir = dir;
        this.limitBytes = limitBytes;
    }

    /** {@code $TINYBPF_CACHE_DIR}, else {@code $XDG_CACHE_HOME/tinybpf}, else {@code ~/.cache/tinybpf}. */
    public static Path defaultDir() {
        String explicit = io.tinybpf.util.Env.get("TINYBPF_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) return io.tinybpf.util.Env.path(explicit).resolve(FORMAT);
        String xdg = io.tinybpf.util.Env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? io.tinybpf.util.Env.path(xdg) : io.tinybpf.util.Env.home().resolve(".cache");
        return base.resolve("tinybpf").resolve(FORMAT);
    }

    public static BuildCache open(Path dir) {
        return new BuildCache(dir == null ? defaultDir() : dir.resolve(FORMAT), DEFAULT_LIMIT);
    }

    public Path dir() {
        return dir;
    }

    /** Largest entry file read back: bounds memory whatever sits in the cache. */
    static final long MAX_ENTRY_FILE = 1L << 30;

    /**
     * Creates the cache directory (mode 0700) if needed and checks that only the invoking user or
     * root can write it and everything above it: an entry another user can replace would be an
     * object root loads into the kernel (the checksum guards integrity, not authorship).
     */
    public void requireTrusted() throws io.tinybpf.diag.BuildException {
        try {
            io.tinybpf.util.Trust.createPrivateDirectories(dir, "cache directory");
        } catch (io.tinybpf.util.Trust.UntrustedException e) {
            throw new io.tinybpf.diag.BuildException(io.tinybpf.diag.Stage.CACHE, e.getMessage(),
                    "set TINYBPF_CACHE_DIR to a directory of your own, or build with --no-cache (under sudo, do not keep "
                            + "the caller's HOME/XDG_CACHE_HOME: use sudo without -E)");
        } catch (IOException e) {
            throw new io.tinybpf.diag.BuildException(io.tinybpf.diag.Stage.CACHE, "cannot create the cache directory " + dir + ": "
                    + e.getMessage(), "set TINYBPF_CACHE_DIR to a writable directory, or build with --no-cache");
        }
    }

    /**
     * An entry file's bytes: only a regular file (not a link, FIFO or device) owned by this user
     * or root, of bounded size; anything else is an IOException, so the entry counts as corrupt.
     */
    private static byte[] readEntryFile(Path f) throws IOException {
        var a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) throw new IOException(f + ": not a regular file");
        if (a.size() > MAX_ENTRY_FILE) throw new IOException(f + ": too large");
        int uid = (Integer) Files.getAttribute(f, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (uid != io.tinybpf.util.Trust.euid() && uid != 0 && io.tinybpf.util.Trust.euid() >= 0) throw new IOException(f + ": foreign owner");
        try (var ch = Files.newByteChannel(f, java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                var in = java.nio.channels.Channels.newInputStream(ch)) {
            byte[] b = in.readNBytes((int) Math.min(MAX_ENTRY_FILE, Integer.MAX_VALUE - 16) + 1);
            if (b.length > a.size()) throw new IOException(f + ": grew while read");
            return b;
        }
    }

    /** A cached artifact and the notes stored with it. */
    public record Hit(byte[] data, String notes) {}

    private Path entry(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key);
    }

    /** The entry for {@code key}, verified; empty on a miss or a corrupt entry (which is removed). */
    public Optional<Hit> get(String key) {
        Path e = entry(key);
        try {
            if (!Files.isDirectory(e, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(e, java.nio.file.LinkOption.NOFOLLOW_LINKS)) remove(e); // not an entry: a link or a file
                return Optional.empty();
            }
            byte[] data = readEntryFile(e.resolve("data"));
            String notes = new String(readEntryFile(e.resolve("notes")), StandardCharsets.UTF_8);
            String sum = new String(readEntryFile(e.resolve("sum")), StandardCharsets.UTF_8).strip();
            if (!sum.equals(checksum(data, notes))) {
                remove(e);
                return Optional.empty();
            }
            try {
                Files.setLastModifiedTime(e, FileTime.from(Instant.now()));
            } catch (IOException ignored) {
                // read-only cache: still a hit
            }
            return Optional.of(new Hit(data, notes));
        } catch (IOException ex) {
            remove(e);
            return Optional.empty();
        }
    }

    /** Stores an artifact; failures are ignored (the cache is an optimization). */
    public void put(String key, byte[] data, String notes) {
        Path e = entry(key);
        if (Files.isDirectory(e)) return;
        Path tmp = null;
        try {
            Files.createDirectories(e.getParent());
            tmp = Files.createTempDirectory(e.getParent(), ".tmp-");
            Files.write(tmp.resolve("data"), data);
            Files.writeString(tmp.resolve("notes"), notes, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("sum"), checksum(data, notes) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, e, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                // another build stored the same content first
            }
        } catch (IOException ignored) {
            // best effort
        } finally {
            if (tmp != null) remove(tmp);
        }
    }

    static String checksum(byte[] data, String notes) {
        MessageDigest md = sha256();
        md.update(data);
        md.update((byte) 0);
        md.update(notes.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a cache key from parts, each length-prefixed so no two part lists collide. */
    public static final class Key {
        private final MessageDigest md = sha256();

        public Key(String stage) {
            add(stage);
        }

        public Key add(String part) {
            byte[] b = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
            md.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
            md.update((byte) ':');
            md.update(b);
            return this;
        }

        public Key add(byte[] b) {
            md.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
            md.update((byte) ':');
            md.update(b);
            return this;
        }

        public String hex() {
            return HexFormat.of().formatHex(md.digest());
        }
    }

    /** Summary of the cache for {@code clean-cache} and verbose output. */
    public record Stats(int entries, long bytes) {}

    public Stats stats() {
        List<Path> entries = entries();
        long bytes = 0;
        for (Path e : entries) bytes += size(e);
        return new Stats(entries.size(), bytes);
    }

    private List<Path> entries() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> shards = Files.list(dir)) {
            for (Path shard : shards.filter(Files::isDirectory).toList()) {
                try (Stream<Path> es = Files.list(shard)) {
                    es.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".tmp-")).forEach(out::add);
                }
            }
        } catch (IOException ignored) {
            // partial listing
        }
        return out;
    }

    private static long size(Path e) {
        try (Stream<Path> s = Files.list(e)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException ex) {
            return 0;
        }
    }

    /**
     * Removes least recently used entries until the cache is within its limit, and leftover
     * temporary directories older than an hour. Returns the number of entries removed.
     */
    public int evict() {
        List<Path> entries = entries();
        long total = 0;
        List<Object[]> meta = new ArrayList<>();
        for (Path e : entries) {
            long s = size(e);
            total += s;
            meta.add(new Object[] {e, lastUse(e), s});
        }
        int removed = 0;
        if (total > limitBytes) {
            meta.sort(Comparator.comparingLong(m -> (Long) m[1]));
            for (Object[] m : meta) {
                if (total <= limitBytes * 3 / 4) break;
                remove((Path) m[0]);
                total -= (Long) m[2];
                removed++;
            }
        }
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        try (Stream<Path> shards = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            for (Path shard : shards.toList()) {
                try (Stream<Path> es = Files.list(shard)) {
                    for (Path t : es.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                        if (lastUse(t) < hourAgo) remove(t);
                    }
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
        return removed;
    }

    private static long lastUse(Path e) {
        try {
            return Files.getLastModifiedTime(e).toMillis();
        } catch (IOException ex) {
            return 0;
        }
    }

    /** Deletes every entry. Returns how many there were. */
    public int clear() {
        List<Path> entries = entries();
        for (Path e : entries) remove(e);
        try (Stream<Path> shards = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            for (Path s : shards.toList()) remove(s);
        } catch (IOException ignored) {
            // best effort
        }
        return entries.size();
    }

    static void remove(Path p) {
        if (Files.isSymbolicLink(p)) {
            try {
                Files.deleteIfExists(p); // the link, never what it points to
            } catch (IOException ignored) {
                // best effort
            }
            return;
        }
        io.tinybpf.util.AtomicFiles.deleteTree(p);
    }
}
