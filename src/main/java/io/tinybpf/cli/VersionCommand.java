package io.tinybpf.cli;

import io.tinybpf.TinyBpf;
import picocli.CommandLine.ParseResult;

final class VersionCommand extends Command {
    @Override
    String name() {
        return "version";
    }

    @Override
    String summary() {
        return "Print the tinybpf version.";
    }

    @Override
    String synopsis() {
        return "version";
    }

    @Override
    int run(ParseResult pr, Io con) {
        con.out().println("tinybpf " + TinyBpf.version());
        return OK;
    }
}
