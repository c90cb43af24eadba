package io.tinybpf.cli;

import io.tinybpf.toolchain.Tool;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class BuildCommand extends Command {
    @Override
    String name() {
        return "build";
    }

    @Override
    String summary() {
        return "Compile a Go package to a BPF ELF object (TinyGo + LLVM).";
    }

    @Override
    String synopsis() {
        return "build [flags] <package>";
    }

    @Override
    void define(CommandSpec spec) {
        PipelineFlags.define(spec);
        value(spec, "<path>", "Use this tinygo.", "--tinygo");
        positionals(spec, "<package>", "Directory of the Go package holding the BPF program (e.g. ./bpf).");
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one package argument is required");
        Path pkg = Path.of(args.getFirst());
        var b = PipelineFlags.request(pr, con, pkg).packageDir(pkg);
        String tinygo = str(pr, "--tinygo");
        if (tinygo != null) b.tool(Tool.TINYGO, tinygo);
        return PipelineFlags.execute(b.build(), con, bool(pr, "--json"));
    }
}
