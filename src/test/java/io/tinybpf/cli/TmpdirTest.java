package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work directories follow TMPDIR (the JVM's java.io.tmpdir does not), and the hint about it names the directory used. */
@Tag("tinygo")
@Tag("llvm")
class TmpdirTest {
    @Test
    void workDirectoryIsCreatedUnderTmpdir(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path mine = Files.createDirectory(tmp.resolve("my-tmp"));
        DoctorTest.Run r = DoctorTest.tinybpf(Map.of("TMPDIR", mine.toString()), "build", "--keep-temp", "--no-cache",
                Examples.examplesDir().resolve("xdp-blocklist").toString(), "-o", tmp.resolve("x.o").toString());
        assertEquals(0, r.exit(), r.out());
        Matcher m = Pattern.compile("intermediates: (\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        Path work = Path.of(m.group(1));
        assertEquals(mine, work.getParent(), "the kept work directory is a new directory in TMPDIR");
        assertTrue(Files.exists(work.resolve("program.ll")), "TinyGo's IR is in it");
    }

    @Test
    void aMissingTmpdirIsNamedInTheHint(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("does-not-exist");
        // link needs no TinyGo: the work directory is created before any tool runs
        Path ll = Files.writeString(tmp.resolve("x.ll"), "define i32 @f() {\n  ret i32 0\n}\n");
        DoctorTest.Run r = DoctorTest.tinybpf(Map.of("TMPDIR", missing.toString()), "link", "-i", ll.toString(), "-o",
                tmp.resolve("x.o").toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("cannot create a work directory"), r.out());
        assertTrue(r.out().contains("check that TMPDIR (" + missing + ") exists and is writable, or pass --tmpdir <dir>"), r.out());
    }
}
