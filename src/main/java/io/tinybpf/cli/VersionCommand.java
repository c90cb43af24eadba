package io.tinybpf.cli;

import io.tinybpf.TinyBpf;
import io.tinybpf.util.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
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
        return "version [--json]";
    }

    @Override
    void define(CommandSpec spec) {
        jsonFlag(spec, "the version");
    }

    @Override
    int run(ParseResult pr, Io con) {
        // the build digest is what cache keys use; it tells two snapshot builds apart in bug reports
        String id = TinyBpf.buildId();
        String build = id.substring(id.indexOf('+') + 1);
        if (bool(pr, "--json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", TinyBpf.version());
            m.put("build", build);
            m.put("java", Runtime.version().toString());
            con.out().print(Json.write(m));
        } else {
            con.out().println("tinybpf " + TinyBpf.version() + " (build " + build + ")");
        }
        return OK;
    }
}
