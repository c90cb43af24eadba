package io.tinybpf.pipeline;

/**
 * Which tinybpf this is: the version and a digest of its own code. It lives with the pipeline,
 * whose cache keys need it, and the facade and CLI read it from here (the facade depends on the
 * pipeline, never the other way).
 */
public final class BuildInfo {
    private BuildInfo() {}

    private static volatile String buildId;

    /**
     * The version plus a digest of tinybpf's own code (the jar, or the class files when run from
     * a classes directory). Cache keys use it: a rebuilt tinybpf with the same version string must
     * not reuse objects produced by the old code.
     */
    public static String buildId() {
        String id = buildId;
        if (id == null) buildId = id = version() + "+" + codeDigest();
        return id;
    }

    private static String codeDigest() {
        try {
            var src = BuildInfo.class.getProtectionDomain().getCodeSource();
            if (src == null) return "unknown";
            java.nio.file.Path p = java.nio.file.Path.of(src.getLocation().toURI());
            String packaged = packagedDigest(p);
            if (packaged != null) return packaged;
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            if (java.nio.file.Files.isRegularFile(p)) {
                md.update(java.nio.file.Files.readAllBytes(p));
            } else {
                try (var files = java.nio.file.Files.walk(p)) {
                    for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                        md.update(p.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        md.update(java.nio.file.Files.readAllBytes(f));
                    }
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (Exception e) {
            // never reuse a cache entry we cannot attribute to this code
            return "nocache-" + System.nanoTime();
        }
    }

    /**
     * The digest `make build` recorded beside the jar ({@code tinybpf.jar.id}: digest, size,
     * modification time in seconds), so a build does not hash the jar; null when there is none or
     * it describes another jar (rebuilt without the Makefile), which is then hashed instead.
     */
    private static String packagedDigest(java.nio.file.Path jar) {
        try {
            java.nio.file.Path idFile = jar.resolveSibling(jar.getFileName() + ".id");
            if (!java.nio.file.Files.isRegularFile(jar) || !java.nio.file.Files.isRegularFile(idFile)) return null;
            String[] f = java.nio.file.Files.readString(idFile).strip().split("\\s+");
            if (f.length != 3 || !f[0].matches("[0-9a-f]{16}")) return null;
            long size = java.nio.file.Files.size(jar);
            long mtime = java.nio.file.Files.getLastModifiedTime(jar).to(java.util.concurrent.TimeUnit.SECONDS);
            return Long.parseLong(f[1]) == size && Long.parseLong(f[2]) == mtime ? f[0] : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The tinybpf version (from the jar manifest; "(dev)" when run from classes). */
    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "(dev)" : v;
    }
}
