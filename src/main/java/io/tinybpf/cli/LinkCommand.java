package io.tinybpf.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

final class LinkCommand extends Command {
    @Override
    String name() {
        return "link";
    }

    @Override
    String summary() {
        return "Link pre-compiled LLVM IR (.ll, .bc, .o, .a) into a BPF ELF object.";
    }

    @Override
    String synopsis() {
        return "link --input <file> [flags]";
    }

    @Override
    void define(CommandSpec spec) {
        PipelineFlags.define(spec);
        repeated(spec, "<file>", "Input: .ll, .bc, .o with embedded bitcode, or .a (repeatable).", "-i", "--input");
        spec.addOption(OptionSpec.builder("-j", "--jobs").type(int.class).paramLabel("<n>")
                .description("Parallel input normalization workers (default 1).").build());
        positionals(spec, "<file>", "More input files.");
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        var b = PipelineFlags.request(pr, con, Path.of(""));
        List<String> inputs = new java.util.ArrayList<>(list(pr, "--input"));
        inputs.addAll(args(pr));
        if (inputs.isEmpty()) throw new UsageException("at least one --input is required");
        for (String i : inputs) b.input(Path.of(i));
        if (pr.hasMatchedOption("--jobs")) b.jobs(pr.matchedOptionValue("--jobs", 1));
        return PipelineFlags.execute(b.build(), con, bool(pr, "--json"));
    }
}
