package io.tinybpf.cli;

import io.tinybpf.util.Env;
import io.tinybpf.scaffold.Scaffold;
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
        positionals(spec, "<name>", "Project name, e.g. my-probe (gives function my_probe, package myprobe).");
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
        List<Path> written = Scaffold.write(dir, n);
        for (Path p : written) io.out().println("created " + Env.display(p));
        io.out().println();
        io.out().println("Next:");
        io.out().println("  cd " + Env.display(dir));
        io.out().println("  go generate ./...   # tinybpf build, then tinybpf generate into " + n.bindingsDir());
        io.out().println("  go build -o " + n.fileStem() + " . && sudo ./" + n.fileStem());
        return OK;
    }
}
