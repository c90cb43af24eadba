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
        // the build digest is what cache keys use; it tells two snapshot builds apart in bug reports
        String id = TinyBpf.buildId();
        con.out().println("tinybpf " + TinyBpf.version() + " (build " + id.substring(id.indexOf('+') + 1) + ")");
        return OK;
    }
}
