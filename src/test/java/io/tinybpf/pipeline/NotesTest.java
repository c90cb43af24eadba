package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.diag.Stage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Positions a cache entry stores are the module's, shown in whichever copy of the module is built. */
class NotesTest {
    static Diagnostic warningAt(String file) {
        return new Diagnostic(Severity.WARNING, Stage.OPT, "reachable panic path", new SourcePos(file, 5, 8), "prog", null);
    }

    static String replayedFile(String stored, Notes.Roots first, Notes.Roots second) {
        String json = new Notes(Map.of("prog", "xdp"), List.of(warningAt(stored))).toJson(first);
        return Notes.parse(json, second).diagnostics().getFirst().pos().file();
    }

    @Test
    void aFileOfThePackageStaysRelativeToThePackage() {
        var a = new Notes.Roots(Path.of("/w/A"), Path.of("/w/A/bpf"));
        var b = new Notes.Roots(Path.of("/w/B"), Path.of("/w/B/bpf"));
        assertEquals("main.go", replayedFile("main.go", a, b));
    }

    @Test
    void aFileOfAnotherPackageOfTheModuleIsFoundInTheModuleBeingBuilt() {
        var a = new Notes.Roots(Path.of("/w/A"), Path.of("/w/A/bpf"));
        var b = new Notes.Roots(Path.of("/w/B"), Path.of("/w/B/bpf"));
        assertEquals("/w/B/lib/lib.go", replayedFile("/w/A/lib/lib.go", a, b));
    }

    @Test
    void aFileOutsideTheModuleKeepsItsPath() {
        var a = new Notes.Roots(Path.of("/w/A"), Path.of("/w/A/bpf"));
        var b = new Notes.Roots(Path.of("/w/B"), Path.of("/w/B/bpf"));
        assertEquals("/usr/lib/go/src/x.go", replayedFile("/usr/lib/go/src/x.go", a, b));
        assertEquals("<Go interface method>", replayedFile("<Go interface method>", a, b));
    }

    @Test
    void withoutRootsPositionsAreKeptAsTheyAre() {
        assertEquals("/w/A/lib/lib.go", replayedFile("/w/A/lib/lib.go", null, null));
        var a = new Notes.Roots(Path.of("/w/A"), Path.of("/w/A/bpf"));
        assertEquals("/w/A/lib/lib.go", replayedFile("/w/A/lib/lib.go", a, null), "a link replays the stored text");
    }
}
