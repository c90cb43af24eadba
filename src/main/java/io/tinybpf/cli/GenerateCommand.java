package io.tinybpf.cli;

import io.tinybpf.codegen.Bindings;
import io.tinybpf.codegen.GoIdent;
import io.tinybpf.codegen.JavaBindings;
import io.tinybpf.codegen.JavaIdent;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code tinybpf generate}: Go bindings for cilium/ebpf (see {@link Bindings}). The object is
 * embedded when it lies in or below the output file's directory, copied there and embedded with
 * {@code --embed}, and loaded from a path given at run time with {@code --no-embed} (or when it
 * lies elsewhere).
 */
final class GenerateCommand extends Command {
    private static final Pattern PACKAGE_CLAUSE = Pattern.compile("(?m)^package\\s+([A-Za-z_][A-Za-z0-9_]*)");
    /** Characters a {@code //go:embed} file name may hold without quoting or glob escapes. */
    private static final Pattern EMBEDDABLE = Pattern.compile("[A-Za-z0-9._+~@=,/-]+");

    @Override
    String name() {
        return "generate";
    }

    @Override
    String summary() {
        return "Generate Go bindings (cilium/ebpf) or Java bindings (--lang java) for a BPF object.";
    }

    @Override
    String synopsis() {
        return "generate [--lang go|java] [flags] <object>";
    }

    @Override
    void define(CommandSpec spec) {
        value(spec, "<file>", "Go file to write (default <object name>_bpf.go in the current directory; - for stdout).", "-o", "--output");
        value(spec, "<name>", "Go package name (default: the package of the Go files beside the output, else its directory's name).",
                "--package");
        value(spec, "<Name>", "Prefix of the generated identifiers (default: from the object's file name, e.g. connect.bpf.o gives "
                + "LoadConnect, ConnectObjects).", "--name");
        flag(spec, "Embed the object with //go:embed, copying it beside the output file when it lies elsewhere.", "--embed");
        flag(spec, "Do not embed: Load<Name> and Load<Name>Objects take the object's path.", "--no-embed");
        value(spec, "<go|java>", "Bindings for Go with cilium/ebpf (default) or for Java with tinybpf's kernel package. Java: "
                + "-o names the source root (or the .java file), --package the Java package (required), --name the class "
                + "(default <Object>Bpf).", "--lang");
        value(spec, "<dir>", "Java: copy the object into this resource root, beside the class, for its open().", "--resources");
        positionals(spec, "<object>", "The BPF object (e.g. build/probe.bpf.o).");
    }

    @Override
    int run(ParseResult pr, Io io) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one object argument is required");
        String lang = str(pr, "--lang") == null ? "go" : str(pr, "--lang");
        switch (lang) {
            case "go" -> {
                if (str(pr, "--resources") != null) throw new UsageException("--resources is for --lang java; Go bindings use --embed");
            }
            case "java" -> {
                return java(pr, io, Path.of(args.getFirst()));
            }
            default -> throw new UsageException("--lang " + lang + ": expected go or java");
        }
        boolean embed = bool(pr, "--embed"), noEmbed = bool(pr, "--no-embed");
        if (embed && noEmbed) throw new UsageException("--embed and --no-embed exclude each other");
        Path obj = Path.of(args.getFirst());
        if (!Files.isRegularFile(obj)) throw new NoSuchFileException(obj + ": no such file");
        String fileName = obj.getFileName().toString();
        String stem = stem(fileName);

        String output = str(pr, "--output");
        boolean stdout = "-".equals(output);
        if (stdout && embed) throw new UsageException("--embed needs an output file next to which the object can live, not stdout");
        Path out = stdout ? null : Path.of(output != null ? output : GoIdent.fileStem(stem.isEmpty() ? "bpf" : stem) + "_bpf.go");
        if (out != null && !out.getFileName().toString().endsWith(".go")) throw new UsageException("--output must name a .go file: " + out);
        if (out != null && out.getFileName().toString().endsWith("_test.go")) throw new UsageException("--output must not be a _test.go file");
        Path outDir = out == null ? Path.of("") : Optional.ofNullable(out.toAbsolutePath().normalize().getParent()).orElse(Path.of("/"));

        String name = str(pr, "--name");
        if (name == null) {
            name = GoIdent.exported(stem);
            if (name.isEmpty()) name = "Bpf";
        } else if (!GoIdent.isExported(name)) {
            String fixed = GoIdent.exported(name);
            if (fixed.isEmpty()) throw new UsageException("--name " + name + " has no letters or digits");
            name = fixed;
        }
        String pkg = str(pr, "--package");
        if (pkg == null) pkg = out == null ? "main" : detectPackage(outDir, out.toAbsolutePath().normalize());
        if (!GoIdent.isIdentifier(pkg) || pkg.equals("_")) throw new UsageException("--package " + pkg + " is not a valid Go package name");

        ElfFile elf = ElfFile.read(obj);

        // Where the object comes from at run time.
        String embedPath = null;
        Path copyTo = null;
        if (!noEmbed && out != null) {
            Path abs = obj.toAbsolutePath().normalize();
            if (abs.startsWith(outDir) && !abs.equals(outDir)) {
                String rel = outDir.relativize(abs).toString().replace('\\', '/');
                if (EMBEDDABLE.matcher(rel).matches() && !rel.startsWith(".") && !rel.contains("/.")) embedPath = rel;
            }
            if (embedPath == null && embed) {
                String target = EMBEDDABLE.matcher(fileName).matches() && !fileName.startsWith(".") ? fileName
                        : GoIdent.fileStem(stem.isEmpty() ? "bpf" : stem) + ".bpf.o";
                copyTo = outDir.resolve(target);
                embedPath = target;
            }
        }
        String code = Bindings.generate(elf, new Bindings.Options(name, pkg, embedPath, fileName));

        if (out == null) {
            io.out().print(code);
            return OK;
        }
        Files.createDirectories(outDir);
        if (copyTo != null && !sameFile(obj, copyTo)) {
            AtomicFiles.write(copyTo, Files.readAllBytes(obj));
            io.out().println("copied " + obj + " to " + copyTo + " (embedded)");
        }
        if (embedPath == null && !noEmbed) {
            io.err().println("note: " + obj + " is outside " + (outDir.toString().isEmpty() ? "." : outDir) + ", so Load" + name
                    + " takes the object's path; --embed copies it there and embeds it");
        }
        AtomicFiles.write(out, code.getBytes(StandardCharsets.UTF_8));
        io.out().println("wrote " + out);
        return OK;
    }

    /**
     * Java bindings: {@code <root>/<package path>/<Class>.java}, or the {@code .java} file {@code -o}
     * names; with {@code --resources}, the object copied to {@code <resources>/<package path>/}.
     */
    private int java(ParseResult pr, Io io, Path obj) throws Exception {
        if (bool(pr, "--embed") || bool(pr, "--no-embed")) {
            throw new UsageException("--embed/--no-embed are for Go; Java bindings open a path or, with --resources <dir>, a class-path resource");
        }
        if (!Files.isRegularFile(obj)) throw new NoSuchFileException(obj + ": no such file");
        String pkg = str(pr, "--package");
        if (pkg == null) throw new UsageException("--lang java needs --package, e.g. --package com.example.probe");
        if (!JavaIdent.isPackageName(pkg)) throw new UsageException("--package " + pkg + " is not a Java package name");
        String fileName = obj.getFileName().toString();
        String stem = stem(fileName);
        String cls = str(pr, "--name");
        if (cls == null) {
            cls = JavaIdent.upperCamel(stem) + "Bpf";
            if (cls.equals("Bpf")) cls = "ObjectBpf";
        }
        if (!JavaIdent.isIdentifier(cls) || !Character.isUpperCase(cls.charAt(0))) {
            throw new UsageException("--name " + cls + " is not a Java class name (e.g. ConnectBpf)");
        }
        String code = JavaBindings.generate(ElfFile.read(obj), new JavaBindings.Options(cls, pkg, fileName));
        String output = str(pr, "--output");
        if ("-".equals(output)) {
            io.out().print(code);
            return OK;
        }
        Path pkgPath = Path.of(pkg.replace('.', '/'));
        Path out;
        if (output != null && output.endsWith(".java")) {
            out = Path.of(output);
            if (!out.getFileName().toString().equals(cls + ".java")) {
                throw new UsageException("--output " + output + " must be named " + cls + ".java (the class), or name a source root directory");
            }
        } else {
            out = Path.of(output == null ? "." : output).resolve(pkgPath).resolve(cls + ".java");
        }
        if (str(pr, "--resources") != null) {
            Path res = Path.of(str(pr, "--resources")).resolve(pkgPath).resolve(fileName);
            Files.createDirectories(res.getParent());
            if (!sameFile(obj, res)) AtomicFiles.write(res, Files.readAllBytes(obj));
            io.out().println("copied " + obj + " to " + res + " (the class-path resource of " + cls + ".open())");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        AtomicFiles.write(out, code.getBytes(StandardCharsets.UTF_8));
        io.out().println("wrote " + out);
        return OK;
    }

    /** {@code connect.bpf.o} → {@code connect}; {@code x.o} → {@code x}. */
    static String stem(String fileName) {
        for (String ext : List.of(".bpf.o", ".o", ".elf")) {
            if (fileName.endsWith(ext) && fileName.length() > ext.length()) return fileName.substring(0, fileName.length() - ext.length());
        }
        return fileName;
    }

    /** The package of the non-test Go files in {@code dir} (other than the output), else the directory's name. */
    static String detectPackage(Path dir, Path output) throws IOException {
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".go") && !p.getFileName().toString().endsWith("_test.go"))
                        .filter(p -> !p.toAbsolutePath().normalize().equals(output)).sorted().toList();
            }
            for (Path f : files) {
                Matcher m = PACKAGE_CLAUSE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                if (m.find()) return m.group(1);
            }
        }
        Path base = dir.getFileName();
        return GoIdent.packageName(base == null ? "" : base.toString(), "bpf");
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return Files.exists(b) && Files.isSameFile(a, b);
    }
}
