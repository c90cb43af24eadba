package io.tinybpf.cli;

import io.tinybpf.server.BuildServer;
import io.tinybpf.util.Env;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Hidden: {@code __server <socket>} runs the resident build server the native client starts
 * (see {@link BuildServer}); each request it receives is one {@link Main#run} invocation.
 */
final class ServerCommand extends Command {
    @Override
    String name() {
        return "__server";
    }

    @Override
    String summary() {
        return "(internal) resident build server for the native client.";
    }

    @Override
    String synopsis() {
        return "__server <socket>";
    }

    @Override
    void define(CommandSpec spec) {
        positionals(spec, "<socket>", "Unix socket path.");
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one socket path is required");
        BuildServer server = new BuildServer(Env.path(args.getFirst()), BuildServer.idleFromEnvironment(),
                (String[] a, PrintStream[] s) -> Main.runForClient(a, s[0], s[1]));
        return server.serve();
    }
}
