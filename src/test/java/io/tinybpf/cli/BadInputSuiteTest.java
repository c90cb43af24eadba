package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.pipeline.Pipeline;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Bad input over the whole command line: flags, paths, names, configs, IR, objects, archives and
 * Go packages. Every case asserts the exit status (1 failure, 2 usage), the report's stage and
 * message (and the Go file:line where there is one), no stack trace, no partial output file, the
 * previous output kept byte for byte, no temporary file beside it, and no work directory left.
 * Isolated: while it runs no other test creates work directories, so any left behind are a case's.
 */
@Isolated
class BadInputSuiteTest {
    static final byte[] PREVIOUS = "previous output\n".getBytes(StandardCharsets.UTF_8);
    static final String OK_IR = "define i32 @prog(ptr %ctx) {\n  ret i32 0\n}\n";

    /** What a case needs installed. */
    enum Needs { NOTHING, LLVM, TINYGO }

    /**
     * One case. Args may use {D} (the case directory) and {O} (the output file, which holds the
     * previous output when the case starts); {@code stage} null means a usage error or a command
     * without stages; {@code where} is an expected Go position, or null.
     */
    record Case(String name, Needs needs, Setup setup, String[] args, int exit, String stage, String where, String... fragments) {}

    @FunctionalInterface
    interface Setup {
        void in(Path d) throws Exception;
    }

    static final Setup NONE = d -> { };

    static Case c(String name, Setup s, int exit, String stage, String fragment, String... args) {
        return new Case(name, Needs.NOTHING, s, args, exit, stage, null, fragment);
    }

    static Case llvm(String name, Setup s, int exit, String stage, String fragment, String... args) {
        return new Case(name, Needs.LLVM, s, args, exit, stage, null, fragment);
    }

    static Case go(String name, Setup s, String stage, String where, String fragment, String... args) {
        return new Case(name, Needs.TINYGO, s, args, 1, stage, where, fragment);
    }

    // ------------------------------------------------------------------ fixtures

    static Setup file(String name, String text) {
        return d -> {
            Path p = d.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        };
    }

    static Setup bytes(String name, byte[] b) {
        return d -> Files.write(d.resolve(name), b);
    }

    static Setup all(Setup... ss) {
        return d -> {
            for (Setup s : ss) s.in(d);
        };
    }

    static Setup config(String json) {
        return all(pkgDir(), file("pkg/tinybpf.json", json));
    }

    /** A Go package directory with go.mod and a main.go; enough for cases that fail before TinyGo. */
    static Setup pkgDir() {
        return all(file("pkg/go.mod", "module example.com/p\n\ngo 1.22\n"), file("pkg/main.go", "package main\n\nfunc main() {}\n"));
    }

    /** A BPF Go package: main.go (tinygo build) with {@code body} after the package clause and the helper imports, plus the stub. */
    static Setup goPkg(String body) {
        return all(file("pkg/go.mod", "module example.com/p\n\ngo 1.22\n"),
                file("pkg/stub.go", "//go:build !tinygo\n\npackage main\n\nfunc main() {}\n"),
                file("pkg/main.go", "//go:build tinygo\n\npackage main\n\nimport \"unsafe\"\n\nvar _ unsafe.Pointer\n\n" + body + "\n\nfunc main() {}\n"));
    }

    /** A copy of a bad Go program of src/test/resources/io/tinybpf/bad as {D}/pkg. */
    static Setup fixture(String name) {
        return d -> {
            Path src = Requires.repo().resolve("src/test/resources/io/tinybpf/bad").resolve(name);
            Files.createDirectories(d.resolve("pkg"));
            try (Stream<Path> s = Files.list(src)) {
                for (Path f : s.toList()) Files.copy(f, d.resolve("pkg").resolve(f.getFileName()));
            }
        };
    }

    /** A file of the fuzz corpus (src/test/resources/fuzz/...) as {D}/name. */
    static Setup copy(String corpusFile, String name) {
        return d -> Files.copy(Requires.repo().resolve("src/test/resources/fuzz").resolve(corpusFile), d.resolve(name));
    }

    static Setup validObject(String name) {
        return d -> Files.copy(Requires.repo().resolve("src/test/resources/fuzz/seeds/elf/xdp-blocklist.o"), d.resolve(name));
    }

    static Setup truncatedObject(String name, int n) {
        return d -> {
            byte[] b = Files.readAllBytes(Requires.repo().resolve("src/test/resources/fuzz/seeds/elf/xdp-blocklist.o"));
            Files.write(d.resolve(name), java.util.Arrays.copyOf(b, n));
        };
    }

    static Setup corruptBtfObject(String name) {
        return d -> {
            byte[] b = Files.readAllBytes(Requires.repo().resolve("src/test/resources/fuzz/seeds/elf/xdp-blocklist.o"));
            // the BTF magic 0xeb9f (little-endian 9f eb) of the .BTF section: break every occurrence
            for (int i = 0; i + 1 < b.length; i++) if ((b[i] & 0xff) == 0x9f && (b[i + 1] & 0xff) == 0xeb) b[i + 1] = 0;
            Files.write(d.resolve(name), b);
        };
    }

    static Setup mode(String name, String perms) {
        return d -> Files.setPosixFilePermissions(d.resolve(name), PosixFilePermissions.fromString(perms));
    }

    static Setup executable(String name, String script) {
        return all(file(name, script), mode(name, "rwxr-xr-x"));
    }

    static String nested(int depth) {
        return "{\"build\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    static final String HELPER = "func bpfGetCurrentPidTgid() uint64\n\n";
    static final String PROG = "//export prog\nfunc prog(ctx unsafe.Pointer) int32 {\n";

    static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        String P = "{D}/pkg";
        // ---------------------------------------------------------------- flags and names (exit 2)
        l.add(c("build without a package", NONE, 2, null, "exactly one package argument", "build"));
        l.add(c("build with two packages", NONE, 2, null, "exactly one package argument", "build", "a", "b"));
        l.add(c("unknown flag", pkgDir(), 2, null, "Unknown option", "build", P, "--no-such-flag"));
        l.add(c("flag without its value", pkgDir(), 2, null, "Missing required parameter", "build", P, "--cpu"));
        l.add(c("section without '='", pkgDir(), 2, null, "expected <function>=<section>", "build", P, "--section", "justname"));
        l.add(c("section without function", pkgDir(), 2, null, "expected <function>=<section>", "build", P, "--section", "=xdp"));
        l.add(c("section without section", pkgDir(), 2, null, "expected <function>=<section>", "build", P, "--section", "prog="));
        l.add(c("empty --program", pkgDir(), 2, null, "value cannot be empty", "build", P, "--program", ""));
        l.add(c("zero timeout", pkgDir(), 2, null, "must be positive", "build", P, "--timeout", "0"));
        l.add(c("negative timeout", pkgDir(), 2, null, "invalid duration", "build", P, "--timeout", "-1s"));
        l.add(c("timeout without unit word", pkgDir(), 2, null, "invalid duration", "build", P, "--timeout", "abc"));
        l.add(c("timeout of 2^63-1 seconds", pkgDir(), 2, null, "longer than the maximum", "build", P, "--timeout", "9223372036854775807"));
        l.add(c("timeout of 99999h", pkgDir(), 2, null, "longer than the maximum", "build", P, "--timeout", "99999h"));
        l.add(c("timeout in exponent notation", pkgDir(), 2, null, "invalid duration", "build", P, "--timeout", "1e3s"));
        l.add(c("timeout below a millisecond", pkgDir(), 2, null, "at least 1ms", "build", P, "--timeout", "0.5ms"));
        l.add(c("link without inputs", NONE, 2, null, "at least one --input", "link"));
        l.add(c("link --jobs not a number", NONE, 2, null, "jobs", "link", "-j", "many", "-i", "x.ll"));
        l.add(c("unknown command", NONE, 2, null, "unknown command: frobnicate", "frobnicate"));
        l.add(c("NUL in an output path", pkgDir(), 2, null, "-o: \"a\\x00b.o\" contains a NUL character", "build", P, "-o", "a\0b.o"));
        l.add(c("NUL in a package path", NONE, 2, null, "contains a NUL character", "build", "pk\0g"));
        l.add(c("undecodable (non-UTF-8) output name", pkgDir(), 2, null, "is not valid in the locale's character encoding",
                "build", P, "-o", "o\uFFFD.o"));
        l.add(c("undecodable package directory", NONE, 2, null, "is not valid in the locale's character encoding", "build", "pkg\uFFFD"));
        l.add(c("NUL in --output=", pkgDir(), 2, null, "--output: ", "build", P, "--output=x\0.o"));
        l.add(c("test without an object", NONE, 2, null, "exactly one object argument", "test"));
        l.add(c("test with two objects", NONE, 2, null, "exactly one object argument", "test", "a.o", "b.o"));
        l.add(c("generate without an object", NONE, 2, null, "exactly one object argument", "generate"));
        l.add(c("generate --embed and --no-embed", validObject("x.o"), 2, null, "exclude each other", "generate", "{D}/x.o", "--embed", "--no-embed"));
        l.add(c("generate to a non-.go file", validObject("x.o"), 2, null, "--output must name a .go file", "generate", "{D}/x.o", "-o", "{D}/x.txt"));
        l.add(c("generate with an invalid package name", validObject("x.o"), 2, null, "is not a valid Go package name", "generate", "{D}/x.o",
                "--package", "9lives", "-o", "{D}/x_bpf.go"));
        l.add(c("init without a name", NONE, 2, null, "exactly one project name", "init"));
        l.add(c("init with an unusable name", NONE, 2, null, "error:", "init", "!!!", "--dir", "{D}/proj"));
        l.add(c("clean-cache with an unknown flag", NONE, 2, null, "Unknown option", "clean-cache", "--everything"));
        // ---------------------------------------------------------------- the request (exit 1, before any tool)
        l.add(c("package directory missing", NONE, 1, "input-normalization", "does not exist", "build", "{D}/nope", "-o", "{O}"));
        l.add(c("package is a file", file("main.go", "package main\n"), 1, "input-normalization", "does not exist",
                "build", "{D}/main.go", "-o", "{O}"));
        l.add(c("link input missing", NONE, 1, "input-normalization", "does not exist", "link", "-i", "{D}/nope.ll", "-o", "{O}"));
        l.add(c("link input of unknown format", file("x.txt", "x"), 1, "input-normalization", "unsupported input format",
                "link", "-i", "{D}/x.txt", "-o", "{O}"));
        l.add(c("link input that is a directory", d -> Files.createDirectory(d.resolve("dir.ll")), 1, "input-normalization",
                "does not exist", "link", "-i", "{D}/dir.ll", "-o", "{O}"));
        l.add(c("unknown opt profile", pkgDir(), 1, "input-normalization", "unknown --opt-profile", "build", P, "--opt-profile", "fast", "-o", "{O}"));
        l.add(c("unknown program type", pkgDir(), 1, "input-normalization", "unknown --program-type \"frobnicate\"", "build", P,
                "--program-type", "frobnicate", "-o", "{O}"));
        l.add(c("section of another program type", pkgDir(), 1, "input-normalization", "xdp", "build", P, "--section", "prog=tc",
                "--program-type", "xdp", "-o", "{O}"));
        l.add(c("output is a directory", pkgDir(), 1, "finalize", "is a directory", "build", P, "-o", "{D}"));
        l.add(c("output is the package's main.go", pkgDir(), 1, "finalize", "is a source file", "build", P, "-o", "{D}/pkg/main.go"));
        l.add(c("output is the package's go.mod", pkgDir(), 1, "finalize", "is a source file", "build", P, "-o", "{D}/pkg/go.mod"));
        l.add(c("output is the link input", file("in.ll", OK_IR), 1, "finalize", "is the input", "link", "-i", "{D}/in.ll", "-o", "{D}/in.ll"));
        l.add(c("--tmpdir is a file", all(pkgDir(), file("tmpfile", "x")), 1, "input-normalization", "is not a directory",
                "build", P, "--tmpdir", "{D}/tmpfile", "-o", "{O}", "--no-cache", "--tinygo", "/bin/true"));
        l.add(c("--tmpdir with someone else's files", all(pkgDir(), file("busy/notes.txt", "mine")), 1, "input-normalization",
                "is not empty and is not a tinybpf work directory", "build", P, "--tmpdir", "{D}/busy", "-o", "{O}", "--no-cache",
                "--tinygo", "/bin/true"));
        l.add(c("--tmpdir writable by every user", all(pkgDir(), d -> Files.createDirectory(d.resolve("open")), mode("open", "rwxrwxrwx")),
                1, "input-normalization", "writable by every user", "build", P, "--tmpdir", "{D}/open", "-o", "{O}", "--no-cache",
                "--tinygo", "/bin/true"));
        l.add(c("--llc that does not exist", file("in.ll", OK_IR), 1, "discover-tools", "no such file",
                "link", "-i", "{D}/in.ll", "-o", "{O}", "--llc", "{D}/no/llc"));
        l.add(c("--llc that is a directory", file("in.ll", OK_IR), 1, "discover-tools", "not an executable file",
                "link", "-i", "{D}/in.ll", "-o", "{O}", "--llc", "{D}"));
        l.add(c("--llc that is not executable", all(file("in.ll", OK_IR), file("llc", "#!/bin/sh\n")), 1, "discover-tools",
                "not an executable file", "link", "-i", "{D}/in.ll", "-o", "{O}", "--llc", "{D}/llc"));
        l.add(c("--opt name not on PATH", file("in.ll", OK_IR), 1, "discover-tools", "not found on PATH",
                "link", "-i", "{D}/in.ll", "-o", "{O}", "--opt", "no-such-opt-tool"));
        l.add(c("--tinygo that does not exist", pkgDir(), 1, "discover-tools", "no such file", "build", P, "-o", "{O}", "--tinygo", "{D}/tinygo"));
        l.add(c("--llc writable by every user", all(file("in.ll", OK_IR), executable("llc", "#!/bin/sh\nexit 0\n"), mode("llc", "rwxrwxrwx")),
                1, "discover-tools", "writable by every user", "link", "-i", "{D}/in.ll", "-o", "{O}", "--llc", "{D}/llc"));
        // ---------------------------------------------------------------- tinybpf.json (stage config, at its line)
        l.add(c("config: invalid JSON", config("{\n  \"build\": {\n    \"cpu\": v3\n  }\n}\n"), 1, "config", "tinybpf.json:3:12: error: invalid JSON",
                "build", P, "-o", "{O}"));
        l.add(c("config: nesting 100000 deep", config(nested(100_000)), 1, "config", "nesting deeper than 256 levels", "build", P, "-o", "{O}"));
        l.add(c("config: an array", config("[1, 2]"), 1, "config", "the file must be a JSON object", "build", P, "-o", "{O}"));
        l.add(c("config: unknown top-level key", config("{\"bulid\": {}}"), 1, "config", "unknown key \"bulid\"", "build", P, "-o", "{O}"));
        l.add(c("config: unknown build key", config("{\"build\": {\"optimize\": 1}}"), 1, "config", "unknown key \"build.optimize\"",
                "build", P, "-o", "{O}"));
        l.add(c("config: cache not a boolean", config("{\"build\": {\"cache\": \"yes\"}}"), 1, "config", "build.cache must be true or false",
                "build", P, "-o", "{O}"));
        l.add(c("config: verify_kernel a number", config("{\"build\": {\"verify_kernel\": 1}}"), 1, "config",
                "build.verify_kernel must be true or false", "build", P, "-o", "{O}"));
        l.add(c("config: bad timeout", config("{\"build\": {\"timeout\": \"soon\"}}"), 1, "config", "build.timeout: invalid duration",
                "build", P, "-o", "{O}"));
        l.add(c("config: huge timeout", config("{\"build\": {\"timeout\": \"9223372036854775807\"}}"), 1, "config", "longer than the maximum",
                "build", P, "-o", "{O}"));
        l.add(c("config: programs not an object", config("{\"build\": {\"programs\": [\"prog\"]}}"), 1, "config",
                "build.programs must be a JSON object", "build", P, "-o", "{O}"));
        l.add(c("config: empty section", config("{\"build\": {\"programs\": {\"prog\": \"\"}}}"), 1, "config",
                "must be a non-empty section name", "build", P, "-o", "{O}"));
        l.add(c("config: empty output", config("{\"build\": {\"output\": \" \"}}"), 1, "config", "build.output must not be empty",
                "build", P, "-o", "{O}"));
        l.add(c("config: NUL in a tool path", config("{\"toolchain\": {\"opt\": \"/usr/bin/o\\u0000pt\"}}"), 1, "config",
                "toolchain.opt must not contain control characters", "build", P, "-o", "{O}"));
        l.add(c("config: newline in a section", config("{\"build\": {\"programs\": {\"prog\": \"xdp\\nx\"}}}"), 1, "config",
                "non-empty section name", "build", P, "-o", "{O}"));
        l.add(c("config: unknown tool", config("{\"toolchain\": {\"clang\": \"/usr/bin/clang\"}}"), 1, "config",
                "unknown key \"toolchain.clang\"", "build", P, "-o", "{O}"));
        l.add(c("config: duplicate key", config("{\"build\": {\"cpu\": \"v2\", \"cpu\": \"v3\"}}"), 1, "config", "duplicate key \"cpu\"",
                "build", P, "-o", "{O}"));
        l.add(c("config: not UTF-8", all(pkgDir(), bytes("pkg/tinybpf.json", new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'})), 1,
                "config", "not valid UTF-8", "build", P, "-o", "{O}"));
        l.add(c("config: empty file", config(""), 1, "config", "unexpected end of input", "build", P, "-o", "{O}"));
        l.add(c("config: string where a number ends", config("{\"build\": {\"cpu\": 3}}"), 1, "config", "build.cpu must be a string",
                "build", P, "-o", "{O}"));
        l.add(c("config: larger than 1 MiB", config("{\"build\": {}}" + " ".repeat(1 << 20)), 1, "config", "larger than", "build", P, "-o", "{O}"));
        l.add(c("config: writable by every user", all(config("{}"), mode("pkg/tinybpf.json", "rw-rw-rw-")), 1, "config",
                "writable by every user", "build", P, "-o", "{O}"));
        l.add(c("config: --config names a directory", pkgDir(), 1, "config", "not a regular file", "build", P, "--config", "{D}", "-o", "{O}"));
        l.add(c("config: --config names nothing", pkgDir(), 1, "config", "no such file", "build", P, "--config", "{D}/none.json", "-o", "{O}"));
        l.add(c("config: bad escape", config("{\"build\": {\"cpu\": \"\\q\"}}"), 1, "config", "bad escape", "build", P, "-o", "{O}"));
        l.add(c("config: trailing text", config("{} {}"), 1, "config", "unexpected text after the JSON value", "build", P, "-o", "{O}"));
        // ---------------------------------------------------------------- IR, bitcode, objects and archives given to link
        String L = "{D}/in.ll";
        l.add(llvm("IR: not IR at all", file("in.ll", "this is not llvm ir\n"), 1, "input-normalization", "in.ll:1:1: error:",
                "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: binary garbage", bytes("in.ll", new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10}), 1, "input-normalization",
                "is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: truncated function", file("in.ll", "define i32 @prog(ptr %ctx) {\n  ret i32 0\n"), 1, "input-normalization",
                "is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: undefined value", file("in.ll", "define i32 @prog(ptr %ctx) {\n  ret i32 %nothing\n}\n"), 1, "input-normalization",
                "nothing", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: type mismatch", file("in.ll", "define i32 @prog(ptr %ctx) {\n  ret i64 0\n}\n"), 1, "input-normalization",
                "is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: unknown instruction", file("in.ll", "define i32 @prog(ptr %ctx) {\n  %x = frobnicate i32 0\n  ret i32 0\n}\n"), 1,
                "input-normalization", "is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: a block without terminator", file("in.ll", "define i32 @prog(ptr %ctx) {\nentry:\n  %x = add i32 1, 2\n}\n"), 1,
                "input-normalization", "is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: dangling metadata reference", file("in.ll", "define i32 @prog(ptr %ctx) !dbg !7 {\n  ret i32 0\n}\n"), 1,
                "input-normalization", "is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: unknown attribute", file("in.ll", "define i32 @prog(ptr %ctx) frobnicating {\n  ret i32 0\n}\n"), 1,
                "input-normalization", "is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: empty module has no program", file("in.ll", ""), 1, "transform", "no BPF programs found", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: only declarations", file("in.ll", "declare i32 @f(i32)\n"), 1, "transform", "no BPF programs found", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: program without a section", file("in.ll", OK_IR), 1, "transform", "prog", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: --program that does not exist", file("in.ll", OK_IR), 1, "transform", "nosuch", "link", "-i", L, "-o", "{O}",
                "--program", "nosuch", "--section", "nosuch=xdp"));
        l.add(llvm("IR: floating point", file("in.ll", "define i32 @prog(ptr %ctx) {\n  %f = fadd double 1.0, 2.0\n  %i = fptosi double %f to i32\n"
                + "  ret i32 %i\n}\n"), 1, "transform", "floating-point", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp"));
        l.add(llvm("IR: indirect call", file("in.ll", "define i32 @prog(ptr %ctx) {\n  %r = call i32 %ctx()\n  ret i32 %r\n}\n"), 1, "transform",
                "indirect call", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp"));
        l.add(llvm("IR: call to an undefined function", file("in.ll", "declare i32 @mystery(i32)\ndefine i32 @prog(ptr %ctx) {\n"
                + "  %r = call i32 @mystery(i32 1)\n  ret i32 %r\n}\n"), 1, "transform", "mystery", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp"));
        l.add(llvm("IR: invalid UTF-8 in a comment", bytes("in.ll", ("; caf\u00e9\n" + OK_IR).getBytes(StandardCharsets.ISO_8859_1)),
                1, "transform", "in.ll is not valid UTF-8 text", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp"));
        l.add(llvm("IR: broken module with debug info (LLVM's reader would abort)", copy("regressions/transform/llvm-aborts-on-broken-module-with-debug-info.ll",
                "in.ll"), 1, "input-normalization", "in.ll is not valid LLVM IR", "link", "-i", L, "-o", "{O}", "--section", "lookup_task=syscall"));
        l.add(llvm("IR: a module LLVM's verifier crashes on (opt: SIGSEGV)", copy("regressions/transform/llvm-verifier-segfaults.ll", "in.ll"), 1,
                "input-normalization", "in.ll is not valid LLVM IR", "link", "-i", L, "-o", "{O}"));
        l.add(llvm("IR: NUL bytes (LLVM reads them as spaces)", copy("regressions/transform/nul-bytes-llvm-reads-as-spaces.ll", "in.ll"), 1,
                "transform", "in.ll contains a NUL byte (line 6)", "link", "-i", L, "-o", "{O}", "--section", "dispatch=xdp"));
        l.add(llvm("IR: a line break inside a string (LLVM allows it)", file("in.ll", "source_filename = \"a\nb\"\n" + OK_IR), 1, "transform",
                "in.ll has a line break inside a quoted string (line 1)", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp"));
        l.add(llvm("IR: the same broken module as one of two link inputs", all(copy("regressions/transform/llvm-aborts-on-broken-module-with-debug-info.ll",
                "a.ll"), file("b.ll", OK_IR.replace("@prog", "@other"))), 1, "llvm-link", "aborted on this input", "link", "-i", "{D}/a.ll",
                "-i", "{D}/b.ll", "-o", "{O}"));
        l.add(llvm("IR: two inputs define prog", all(file("a.ll", OK_IR), file("b.ll", OK_IR)), 1, "llvm-link", "prog",
                "link", "-i", "{D}/a.ll", "-i", "{D}/b.ll", "-o", "{O}", "--section", "prog=xdp"));
        l.add(llvm("bitcode: garbage", bytes("in.bc", "BC\u00c0\u00de garbage".getBytes(StandardCharsets.ISO_8859_1)), 1, "llvm-link", "",
                "link", "-i", "{D}/in.bc", "-o", "{O}"));
        l.add(llvm("bitcode: empty (llvm-link reads an empty module)", bytes("in.bc", new byte[0]), 1, "transform", "no BPF programs found", "link", "-i", "{D}/in.bc", "-o", "{O}"));
        l.add(llvm("object: not ELF", file("in.o", "not an object\n"), 1, "input-normalization", "", "link", "-i", "{D}/in.o", "-o", "{O}"));
        l.add(llvm("object: ELF without bitcode", validObject("in.o"), 1, "input-normalization", ".llvmbc", "link", "-i", "{D}/in.o", "-o", "{O}"));
        l.add(llvm("object: truncated ELF", truncatedObject("in.o", 200), 1, "input-normalization", "", "link", "-i", "{D}/in.o", "-o", "{O}"));
        l.add(llvm("archive: garbage", file("in.a", "not an archive\n"), 1, "input-normalization", "", "link", "-i", "{D}/in.a", "-o", "{O}"));
        l.add(llvm("archive: empty", file("in.a", "!<arch>\n"), 1, "input-normalization", "no LLVM modules", "link", "-i", "{D}/in.a", "-o", "{O}"));
        l.add(llvm("IR: opt pipeline that does not parse", file("in.ll", OK_IR), 1, "opt", "", "link", "-i", L, "-o", "{O}",
                "--section", "prog=xdp", "--pass-pipeline", "no-such-pass"));
        l.add(llvm("IR: --cpu llc does not know", file("in.ll", OK_IR), 1, "input-normalization", "unknown --cpu \"v99\"", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp",
                "--cpu", "v99"));
        l.add(llvm("tool: opt that writes nothing", all(file("in.ll", OK_IR), executable("opt", "#!/bin/sh\nexit 0\n")), 1, "opt",
                "exited with status 0 but wrote no output", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp", "--no-cache", "--opt", "{D}/opt"));
        l.add(llvm("tool: llc that fails", all(file("in.ll", OK_IR), executable("llc", "#!/bin/sh\necho 'llc: out of luck' >&2\nexit 3\n")), 1,
                "llc", "llc failed (exit status 3)", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp", "--no-cache", "--llc", "{D}/llc"));
        l.add(llvm("tool: llc that writes garbage", all(file("in.ll", OK_IR),
                executable("llc", "#!/bin/sh\nwhile [ $# -gt 1 ]; do [ \"$1\" = -o ] && echo junk > \"$2\"; shift; done\n")), 1, "elf-validate",
                "", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp", "--no-cache", "--llc", "{D}/llc"));
        l.add(llvm("tool: opt that times out", all(file("in.ll", OK_IR), executable("opt", "#!/bin/sh\n[ \"$2\" = -passes=verify ] && exit 0\nsleep 30\n")),
                1, "opt", "timed out after 500ms", "link", "-i", L, "-o", "{O}", "--section", "prog=xdp", "--no-cache", "--opt", "{D}/opt",
                "--timeout", "500ms"));
        l.add(llvm("timeout of 1ms (the first tool cannot even start)", file("in.ll", OK_IR), 1, "input-normalization", "timed out after 1ms",
                "link", "-i", L, "-o", "{O}", "--section", "prog=xdp", "--no-cache", "--timeout", "1ms"));
        // ---------------------------------------------------------------- objects given to verify, test, generate
        l.add(c("verify: no such file", NONE, 1, null, "no such file", "verify", "{D}/none.o"));
        l.add(c("verify: a directory", NONE, 1, null, "no such file", "verify", "{D}"));
        l.add(c("verify: empty file", bytes("x.o", new byte[0]), 1, null, "truncated", "verify", "{D}/x.o"));
        l.add(c("verify: text file", file("x.o", "hello\n"), 1, null, "truncated", "verify", "{D}/x.o"));
        l.add(c("verify: not ELF", file("x.o", "this is a text file, long enough for an ELF identification\n"), 1, null, "not an ELF file",
                "verify", "{D}/x.o"));
        l.add(c("verify: truncated object", truncatedObject("x.o", 100), 1, null, "is outside the file", "verify", "{D}/x.o"));
        l.add(c("verify: object cut in its sections", truncatedObject("x.o", 3000), 1, null, "INVALID", "verify", "{D}/x.o"));
        l.add(c("verify: broken BTF", corruptBtfObject("x.o"), 1, null, "BTF", "verify", "{D}/x.o"));
        l.add(c("generate: no such object", NONE, 1, null, "no such file", "generate", "{D}/none.o", "-o", "{D}/x_bpf.go"));
        l.add(c("generate: not ELF", file("x.o", "this is a text file, long enough for an ELF identification\n"), 1, null, "not an ELF file",
                "generate", "{D}/x.o", "-o", "{D}/x_bpf.go"));
        l.add(c("test: no such object", NONE, 1, null, "no such object", "test", "{D}/none.o", "--packet", "arp"));
        l.add(c("test: packet from /dev/zero", validObject("x.o"), 2, null, "holds more than 1048576 bytes", "test", "{D}/x.o", "--packet", "@/dev/zero"));
        l.add(c("test: packet file missing", validObject("x.o"), 2, null, "cannot read", "test", "{D}/x.o", "--packet", "@{D}/none.bin"));
        l.add(c("test: packet address out of range", validObject("x.o"), 2, null, "is not an IPv4 address", "test", "{D}/x.o",
                "--packet", "udp 10.0.0.1:1 > 10.0.0.300:2"));
        l.add(c("test: port out of range", validObject("x.o"), 2, null, "out of range", "test", "{D}/x.o", "--packet", "udp 10.0.0.1:99999999999 > 10.0.0.2:2"));
        l.add(c("test: packet spec unknown", validObject("x.o"), 2, null, "is not a packet", "test", "{D}/x.o", "--packet", "sctp 1.2.3.4 > 5.6.7.8"));
        l.add(c("test: ctx zeros too large", validObject("x.o"), 2, null, "zeros:N needs", "test", "{D}/x.o", "--ctx", "zeros:999999"));
        l.add(c("test: ctx bad hex", validObject("x.o"), 2, null, "--ctx", "test", "{D}/x.o", "--ctx", "0xZZ"));
        l.add(c("test: ctx not a context", validObject("x.o"), 2, null, "is not a context", "test", "{D}/x.o", "--ctx", "hello"));
        l.add(c("test: --set without '='", validObject("x.o"), 2, null, "expected map:key=value", "test", "{D}/x.o", "--set", "blocklist"));
        l.add(c("test: --repeat zero", validObject("x.o"), 2, null, "--repeat needs a positive number", "test", "{D}/x.o", "--repeat", "0"));
        l.add(c("test: --repeat not a number", validObject("x.o"), 2, null, "--repeat needs a positive number", "test", "{D}/x.o", "--repeat", "lots"));
        // ---------------------------------------------------------------- Go packages (TinyGo; the Go line where there is one)
        l.add(go("Go: syntax error", goPkg(PROG + "  return 0 +\n}"), "tinygo-compile", "main.go:12:1", "error: expected operand",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: type error", goPkg(PROG + "  return \"zero\"\n}"), "tinygo-compile", "main.go:11:10", "cannot use \"zero\"",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: import that does not exist", all(file("pkg/go.mod", "module example.com/p\n\ngo 1.22\n"),
                file("pkg/main.go", "package main\n\nimport _ \"example.com/p/nowhere\"\n\nfunc main() {}\n")), "tinygo-compile", null,
                "nowhere", "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: no Go files", file("pkg/go.mod", "module example.com/p\n\ngo 1.22\n"), "tinygo-compile", null, "tinygo could not compile",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: go.mod that does not parse", all(pkgDir(), file("pkg/go.mod", "modul example.com/p\n")), "tinygo-compile", null,
                "tinygo could not compile", "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: replace pointing at nothing", all(pkgDir(), file("pkg/go.mod", "module example.com/p\n\ngo 1.22\n\nrequire example.com/lib v0.0.0\n\n"
                + "replace example.com/lib => ../lib\n"), file("pkg/main.go", "package main\n\nimport _ \"example.com/lib\"\n\nfunc main() {}\n")),
                "tinygo-compile", "main.go:3:8", "replacement directory ../lib does not exist", "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: unknown helper", goPkg("func bpfGetCurrentPidTgidd() uint64\n\n" + PROG + "  return int32(bpfGetCurrentPidTgidd())\n}"),
                "transform", "main.go:13:", "unknown BPF helper bpfGetCurrentPidTgidd (did you mean bpfGetCurrentPidTgid?)",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: helper with the wrong arity", goPkg("func bpfGetCurrentPidTgid(x uint64) uint64\n\n" + PROG
                + "  return int32(bpfGetCurrentPidTgid(1))\n}"), "transform", "main.go:13:", "bpfGetCurrentPidTgid",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: no exported program", goPkg(HELPER + "func prog(ctx unsafe.Pointer) int32 {\n  return int32(bpfGetCurrentPidTgid())\n}"),
                "transform", null, "no BPF programs found", "build", P, "-o", "{O}"));
        l.add(go("Go: program without a section", goPkg(HELPER + PROG + "  return int32(bpfGetCurrentPidTgid())\n}"), "transform", null,
                "prog", "build", P, "-o", "{O}"));
        l.add(go("Go: string concatenation", fixture("string-concat"), "transform", "main.go:14:13", "string concatenation allocates memory",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: map", fixture("go-map"), "transform", "main.go:9:27", "a Go map needs the Go runtime",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: float", fixture("float-math"), "transform", "main.go:9:18", "floating-point arithmetic is not supported",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: function value", fixture("func-value"), "transform", "main.go:18:19", "indirect call through a function value",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: make with a run-time length", fixture("dynamic-make"), "transform", "main.go:12:13", "make with a non-constant length",
                "build", P, "--section", "prog=socket", "-o", "{O}"));
        l.add(go("Go: output is a source file", goPkg(HELPER + PROG + "  return int32(bpfGetCurrentPidTgid())\n}"), "finalize", null,
                "is a source file", "build", P, "--section", "prog=socket", "-o", "{D}/pkg/stub.go"));
        return l;
    }

    // ------------------------------------------------------------------ the run

    @TempDir
    static Path root;

    static Set<String> workDirs() throws IOException {
        Set<String> s = new TreeSet<>();
        try (Stream<Path> l = Files.list(Pipeline.tempRoot())) {
            l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tinybpf-")).forEach(s::add);
        }
        return s;
    }

    @Test
    void thereAreOverAHundredCases() {
        assertTrue(cases().size() >= 100, cases().size() + " cases");
    }

    /** The cases that need nothing installed (also in make test-fast). */
    @TestFactory
    List<DynamicTest> badInputs() {
        return tests(Needs.NOTHING);
    }

    @TestFactory
    @Tag("llvm")
    List<DynamicTest> badIrObjectsAndTools() {
        return tests(Needs.LLVM);
    }

    @TestFactory
    @Tag("tinygo")
    @Tag("llvm")
    List<DynamicTest> badGoPackages() {
        return tests(Needs.TINYGO);
    }

    static List<DynamicTest> tests(Needs needs) {
        List<Case> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case k = cases.get(i);
            if (k.needs() != needs) continue;
            int n = i;
            tests.add(DynamicTest.dynamicTest(String.format("%03d %s", n, k.name()), () -> run(k, root.resolve(String.format("%03d", n)))));
        }
        return tests;
    }

    static void run(Case k, Path d) throws Exception {
        switch (k.needs()) {
            case LLVM -> Requires.llvmTool("llc");
            case TINYGO -> Examples.requireToolchain();
            default -> { }
        }
        Files.createDirectories(d);
        k.setup().in(d);
        Path out = d.resolve("out.o");
        Files.write(out, PREVIOUS);
        String[] args = new String[k.args().length];
        for (int i = 0; i < args.length; i++) args[i] = k.args()[i].replace("{D}", d.toString()).replace("{O}", out.toString());
        Set<String> before = workDirs();
        CliRunner r = CliRunner.run(args);
        String all = r.out() + r.err();
        assertEquals(k.exit(), r.exit(), "exit status; output:\n" + all);
        if (k.stage() != null) assertTrue(r.err().startsWith("stage \"" + k.stage() + "\" failed"), "stage " + k.stage() + "; output:\n" + all);
        for (String f : k.fragments()) assertTrue(all.contains(f), "expected '" + f + "' in:\n" + all);
        if (k.where() != null) assertTrue(r.err().contains(k.where()), "expected the Go position " + k.where() + " in:\n" + r.err());
        assertFalse(all.contains("Exception") || all.contains("\tat ") || all.contains("java.lang."), "no stack trace:\n" + all);
        assertFalse(all.contains("Stack dump") || all.contains("PLEASE submit a bug report"), "no LLVM crash dump:\n" + all);
        assertArrayEquals(PREVIOUS, Files.readAllBytes(out), "the previous output is kept");
        try (Stream<Path> s = Files.list(d)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(".out.o.")).toList(), "no partial output");
        }
        assertEquals(before, workDirs(), "no work directory left in " + Pipeline.tempRoot());
    }
}
