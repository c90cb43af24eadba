package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing the stages' files, with failures as the stage's own error. */
final class Artifacts {
    private Artifacts() {}

    static String read(Path p, Stage stage) throws BuildException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BuildException(stage, p.getFileName() + " is not valid UTF-8 text (byte " + e.getInputLength() + " of a sequence is invalid)",
                    "LLVM assembly is UTF-8; write other bytes as \\XX escapes in strings");
        } catch (IOException e) {
            throw new BuildException(stage, "cannot read " + p + ": " + e.getMessage());
        }
    }

    static void write(Path p, String s, Stage stage) throws BuildException {
        try {
            Files.writeString(p, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildException(stage, "cannot write " + p + ": " + e.getMessage());
        }
    }

    /** A module's text, streamed entity by entity (a large module's print would be another copy of it in memory). */
    static void write(Path p, io.tinybpf.ir.Module m, Stage stage) throws BuildException {
        try {
            m.writeTo(p);
        } catch (IOException e) {
            throw new BuildException(stage, "cannot write " + p + ": " + e.getMessage());
        }
    }

    static byte[] readBytes(Path p) throws BuildException {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new BuildException(Stage.CACHE, "cannot read " + p + ": " + e.getMessage());
        }
    }

    static void writeBytes(Path p, byte[] b) throws BuildException {
        try {
            Files.write(p, b);
        } catch (IOException e) {
            throw new BuildException(Stage.CACHE, "cannot write " + p + ": " + e.getMessage());
        }
    }

    /** The digest of one file, for cache keys. */
    static String hashOf(Path p) throws BuildException {
        try {
            return SourceHash.file(p);
        } catch (IOException e) {
            throw new BuildException(Stage.CACHE, "cannot read " + p + ": " + e.getMessage());
        }
    }
}
