package io.tinybpf.cli;

import io.tinybpf.TinyBpf;
import io.tinybpf.codegen.Bindings;
import io.tinybpf.diag.BuildException;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.util.Env;
import io.tinybpf.scaffold.Scaffold;
import io.tinybpf.util.AtomicFiles;
import io.tinybpf.sdk.SdkLocation;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** {@code tinybpf init}: a new Go module with a BPF program and a cilium/ebpf loader (see {@link Scaffold}). */
final class InitCommand extends Command {
    @Override
    String name() {
        return "init";
    }

    @Override
    String summary() {
        return "Create a Go module with a BPF program and a cilium/ebpf loader.";
    }

    @Override
    String synopsis() {
        return "init [flags] <name>";
    }

    @Override
    void define(CommandSpec spec) {
        value(spec, "<path>", "Directory to create the project in (default: the name as a directory, e.g. ./my-probe). Existing files are never overwritten.", "--dir");
        value(spec, "<path>", "Go module path (default: the name, e.g. my-probe; e.g. github.com/you/my-probe).", "--module");
        value(spec, "<dir>", "The tinybpf Go SDK to point go.mod at (default: the one installed with tinybpf).", "--sdk");
        flag(spec, "Only write the files: do not build the BPF program and its bindings (go generate ./... does).", "--no-build");
        positionals(spec, "<name>", "Project name, e.g. my-probe (gives function my_probe, package myprobe).");
    }

    /**
     * What gen.go's last two lines do, in-process: build the BPF program and write its bindings, so
     * the new module vets, tests and builds at once. A missing toolchain is not an error here: the
     * files are written, and go generate ./... finishes the job once tinybpf doctor is happy.
     */
    private static boolean buildOnce(Path dir, Scaffold.Names n, Io io) {
        Path obj = dir.resolve(n.objectPath());
        try {
            TinyBpf.build(BuildRequest.builder().packageDir(dir.resolve("bpf")).output(obj)
                    .programs(List.of(n.function())).sections(java.util.Map.of(n.function(), Scaffold.SECTION))
                    .out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build());
            Path bindings = dir.resolve(n.bindingsFile());
            java.nio.file.Files.createDirectories(bindings.getParent());
            String embedded = obj.getFileName().toString();
            AtomicFiles.write(bindings.resolveSibling(embedded), java.nio.file.Files.readAllBytes(obj));
            String code = Bindings.generate(ElfFile.read(obj),
                    new Bindings.Options(n.prefix(), n.goPackage(), embedded, embedded));
            AtomicFiles.write(bindings, code.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            io.out().println("built " + Env.display(obj) + " and wrote " + Env.display(bindings));
            return true;
        } catch (BuildException e) {
            io.err().println("note: the BPF program was not built yet (" + e.getMessage().lines().findFirst().orElse("") + "); "
                    + "go generate ./... builds it once the toolchain is there (tinybpf doctor)");
        } catch (Exception e) {
            io.err().println("note: the bindings were not generated yet (" + e.getMessage() + "); run go generate ./...");
        }
        return false;
    }

    @Override
    int run(ParseResult pr, Io io) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one project name is required");
        Scaffold.Names n;
        try {
            n = Scaffold.names(args.getFirst(), str(pr, "--module"));
        } catch (Scaffold.ScaffoldException e) {
            throw new UsageException(e.getMessage());
        }
        String d = str(pr, "--dir");
        Path dir = Env.path(d != null ? d : n.fileStem());
        Path sdk;
        if (str(pr, "--sdk") != null) {
            sdk = Env.path(str(pr, "--sdk")).toAbsolutePath().normalize();
            if (!SdkLocation.valid(sdk)) {
                throw new UsageException("--sdk " + sdk + " is not the tinybpf Go SDK (a directory with a go.mod of module "
                        + SdkLocation.MODULE + ", not writable by other users)");
            }
        } else {
            sdk = SdkLocation.find().orElse(null);
            if (sdk == null) {
                io.err().println("error: the tinybpf Go SDK (" + SdkLocation.MODULE + ") is not installed; looked in: "
                        + String.join(", ", SdkLocation.candidates().stream().map(Path::toString).toList()));
                io.err().println("hint: scripts/setup sdk installs it to " + SdkLocation.INSTALLED + "; or pass --sdk <dir> (sdk/ of a tinybpf checkout)");
                return FAILED;
            }
        }
        List<Path> written = Scaffold.write(dir, n, sdk);
        for (Path p : written) io.out().println("created " + Env.display(p));
        boolean built = !bool(pr, "--no-build") && buildOnce(dir, n, io);
        io.out().println();
        io.out().println("Next:");
        io.out().println("  cd " + Env.display(dir));
        io.out().println("  go vet ./... && go test ./...   # the BPF program is Go: vetted and tested on the host");
        if (!built) io.out().println("  go generate ./...               # tinybpf build, then tinybpf generate into " + n.bindingsDir());
        io.out().println("  go build -o " + n.fileStem() + " . && sudo ./" + n.fileStem());
        return OK;
    }
}
