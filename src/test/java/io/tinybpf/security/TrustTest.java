package io.tinybpf.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.cli.CliRunner;
import io.tinybpf.diag.BuildException;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.OtherUser;
import io.tinybpf.testing.Requires;
import io.tinybpf.util.AtomicFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 12, reproduced as a second, unprivileged user against root's builds: a
 * planted tinybpf.json, a cache another user can write, a pre-planted --tmpdir, a tool another
 * user owns. Each now ends in a clear refusal naming the path, and the attacker's payload never
 * runs or lands.
 */
@Tag("llvm")
class TrustTest {
    static final String OK_IR = "define i32 @prog(ptr %ctx) {\n  ret i32 0\n}\n";

    /** IR that links into a valid object (with debug info, so with BTF): a transformed example, program count_syscalls. */
    static Path goodIr(Path dir) throws Exception {
        return Files.copy(Requires.repo().resolve("src/test/resources/fuzz/seeds/ir/percpu-counter.ll"), dir.resolve("good.ll"));
    }

    static void assertRefused(CliRunner r, String stage, String... parts) {
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("stage \"" + stage + "\" failed"), r.err());
        for (String p : parts) assertTrue(r.err().contains(p), "expected '" + p + "' in:\n" + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void aTinybpfJsonPlantedInASharedParentDirectoryIsRefused() throws Exception {
        OtherUser.require();
        Path shared = OtherUser.sharedDir();
        try {
            Path marker = shared.resolve("payload-ran");
            // the attacker: a config in the shared directory whose "opt" is their script
            OtherUser.sh("printf '#!/bin/sh\\ntouch " + marker + "\\nexit 1\\n' > " + shared + "/evil && chmod 755 " + shared + "/evil"
                    + " && printf '{\"toolchain\": {\"opt\": \"./evil\"}}' > " + shared + "/tinybpf.json");
            // root's project below it, with an input of its own
            Path proj = Files.createDirectory(shared.resolve("root-project"));
            Files.setPosixFilePermissions(proj, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path in = Files.writeString(proj.resolve("prog.ll"), OK_IR);
            Path out = proj.resolve("prog.o");
            // build looks for tinybpf.json upward from the package directory and finds the attacker's
            CliRunner r = CliRunner.run("build", proj.toString(), "-o", out.toString());
            assertRefused(r, "config", shared.resolve("tinybpf.json").toString(), "owned by " + OtherUser.NAME, "chown");
            assertFalse(Files.exists(marker), "the attacker's tool never ran");
            assertFalse(Files.exists(out));
            // named explicitly it is refused the same way
            CliRunner r2 = CliRunner.run("link", "-i", in.toString(), "--section", "prog=xdp", "-o", out.toString(),
                    "--config", shared.resolve("tinybpf.json").toString());
            assertRefused(r2, "config", "owned by " + OtherUser.NAME);
            assertFalse(Files.exists(marker));
        } finally {
            AtomicFiles.deleteTree(shared);
        }
    }

    @Test
    void aCacheAnotherUserCanWriteIsRefusedAndTheirEntryIsNeverServed(@TempDir Path tmp) throws Exception {
        OtherUser.require();
        Requires.llvmTool("llc");
        Path in = goodIr(tmp);
        Path cache = tmp.resolve("cache");
        Path out = tmp.resolve("prog.o");
        BuildRequest.Builder b = BuildRequest.builder().input(in).section("count_syscalls", "tracepoint/raw_syscalls/sys_enter").output(out).cache(true).cacheDir(cache)
                .out(new PrintStream(java.io.OutputStream.nullOutputStream()));
        TinyBpf.build(b.build());
        byte[] good = Files.readAllBytes(out);
        Files.delete(out);
        // the cache changes hands (HOME under sudo -E, a shared TINYBPF_CACHE_DIR): the other user
        // rewrites every entry with their own bytes and a matching checksum
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        new ProcessBuilder("chown", "-R", OtherUser.NAME, cache.toString()).inheritIO().start().waitFor();
        OtherUser.sh("for e in " + cache + "/v1/*/*/; do printf 'EVIL' > $e/data; printf '' > $e/notes;"
                + " printf '%s\\n' $(printf 'EVIL\\000' | sha256sum | cut -d' ' -f1) > $e/sum; done");
        BuildException e = assertThrows(BuildException.class, () -> TinyBpf.build(b.build()));
        assertEquals("cache", e.stage().toString());
        assertTrue(e.format().contains(cache.resolve("v1").toString()) && e.format().contains("owned by " + OtherUser.NAME), e.format());
        assertFalse(Files.exists(out), "nothing written");
        // a root-owned cache that every user may write is refused as well
        new ProcessBuilder("chown", "-R", "root", cache.toString()).inheritIO().start().waitFor();
        Files.setPosixFilePermissions(cache.resolve("v1"), PosixFilePermissions.fromString("rwxrwxrwx"));
        BuildException e2 = assertThrows(BuildException.class, () -> TinyBpf.build(b.build()));
        assertTrue(e2.format().contains("writable by every user"), e2.format());
        // --no-cache builds, and gives the real object
        TinyBpf.build(b.cache(false).build());
        assertArrayEquals(good, Files.readAllBytes(out));
    }

    @Test
    void aTmpdirPrePlantedByAnotherUserIsRefusedAndNothingIsRedirected(@TempDir Path tmp) throws Exception {
        OtherUser.require();
        Requires.llvmTool("llc");
        Path shared = OtherUser.sharedDir();
        try {
            Path victim = Files.writeString(tmp.resolve("root-secret"), "root's file\n");
            Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
            Path elsewhere = shared.resolve("created-elsewhere");
            Path w = shared.resolve("work");
            OtherUser.sh("mkdir " + w + " && ln -s " + victim + " " + w + "/02-transformed.ll && ln -s " + victim + " " + w
                    + "/tinygo-target.json && ln -s " + elsewhere + " " + w + "/03-optimized.ll && ln -s " + elsewhere + " " + w + "/01-linked.ll");
            Path in = Files.writeString(tmp.resolve("prog.ll"), OK_IR);
            Path out = tmp.resolve("prog.o");
            CliRunner r = CliRunner.run("link", "-i", in.toString(), "--section", "prog=xdp", "-o", out.toString(), "--tmpdir", w.toString());
            assertRefused(r, "input-normalization", "--tmpdir " + w, "owned by " + OtherUser.NAME);
            assertEquals("root's file\n", Files.readString(victim), "the 0600 file is untouched");
            assertFalse(Files.exists(elsewhere), "no file created through the links");
            assertFalse(Files.exists(out));
            // root's own directory holding files tinybpf did not make is refused too (not emptied)
            Path foreign = Files.createDirectory(tmp.resolve("foreign"));
            Files.createSymbolicLink(foreign.resolve("02-transformed.ll"), victim);
            assertRefused(CliRunner.run("link", "-i", in.toString(), "--section", "prog=xdp", "-o", out.toString(), "--tmpdir",
                    foreign.toString()), "input-normalization", "is not empty and is not a tinybpf work directory");
            assertEquals("root's file\n", Files.readString(victim));
            // a new directory is created private, and reused by the next run
            Path mine = tmp.resolve("mine/work");
            Path good = goodIr(tmp);
            for (int i = 0; i < 2; i++) {
                CliRunner ok = CliRunner.run("link", "-i", good.toString(), "--section", "count_syscalls=tracepoint/raw_syscalls/sys_enter", "-o", out.toString(), "--tmpdir",
                        mine.toString());
                assertEquals(0, ok.exit(), ok.err());
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
            assertTrue(Files.isRegularFile(mine.resolve("02-transformed.ll")));
        } finally {
            AtomicFiles.deleteTree(shared);
        }
    }

    @Test
    void aToolOwnedByAnotherUserIsRefused() throws Exception {
        OtherUser.require();
        Path shared = OtherUser.sharedDir();
        try {
            Path marker = shared.resolve("payload-ran");
            OtherUser.sh("printf '#!/bin/sh\\ntouch " + marker + "\\n' > " + shared + "/llc && chmod 755 " + shared + "/llc");
            Path in = Files.writeString(shared.resolve("prog.ll"), OK_IR);
            Path out = shared.resolve("prog.o");
            CliRunner r = CliRunner.run("link", "-i", in.toString(), "--section", "prog=xdp", "-o", out.toString(), "--no-cache",
                    "--llc", shared.resolve("llc").toString());
            assertRefused(r, "discover-tools", shared.resolve("llc").toString(), "owned by " + OtherUser.NAME);
            assertFalse(Files.exists(marker));
        } finally {
            AtomicFiles.deleteTree(shared);
        }
    }

    @Test
    void anOutputThatIsASourceOrTheInputIsRefused(@TempDir Path tmp) throws Exception {
        Path pkg = Files.createDirectory(tmp.resolve("pkg"));
        Files.writeString(pkg.resolve("go.mod"), "module example.com/p\n\ngo 1.22\n");
        Path main = Files.writeString(pkg.resolve("main.go"), "package main\n\nfunc main() {}\n");
        for (String o : new String[] {"main.go", "go.mod", "sub/x.go", "tinybpf.json"}) {
            CliRunner r = CliRunner.run("build", pkg.toString(), "-o", pkg.resolve(o).toString());
            assertRefused(r, "finalize", "is a source file of the package's module");
        }
        assertEquals("package main\n\nfunc main() {}\n", Files.readString(main));
        Path in = Files.writeString(tmp.resolve("prog.ll"), OK_IR);
        assertRefused(CliRunner.run("link", "-i", in.toString(), "-o", in.toString()), "finalize", "is the input");
        assertEquals(OK_IR, Files.readString(in));
        assertRefused(CliRunner.run("link", "-i", in.toString(), "-o", tmp.toString()), "finalize", "is a directory");
    }

    @Test
    void initDoesNotFollowASymlinkedBpfDirectory(@TempDir Path tmp) throws Exception {
        Path d = Files.createDirectory(tmp.resolve("proj"));
        Path other = Files.createDirectory(tmp.resolve("other"));
        Files.createSymbolicLink(d.resolve("bpf"), other);
        CliRunner r = CliRunner.run("init", "probe", "--dir", d.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(d.resolve("bpf") + " is a symbolic link"), r.err());
        try (Stream<Path> s = Files.list(other)) {
            assertEquals(0, s.count(), "nothing written through the link");
        }
        try (Stream<Path> s = Files.list(d)) {
            assertEquals(1, s.count(), "nothing written at all");
        }
    }
}
