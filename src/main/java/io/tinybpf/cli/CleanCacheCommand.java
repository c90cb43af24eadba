package io.tinybpf.cli;

import io.tinybpf.util.Env;
import io.tinybpf.pipeline.BuildCache;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class CleanCacheCommand extends Command {
    @Override
    String name() {
        return "clean-cache";
    }

    @Override
    String summary() {
        return "Remove every entry of the build cache.";
    }

    @Override
    String synopsis() {
        return "clean-cache [--cache-dir <dir>]";
    }

    @Override
    void define(CommandSpec spec) {
        value(spec, "<dir>", "Cache directory (default $TINYBPF_CACHE_DIR, $XDG_CACHE_HOME/tinybpf or ~/.cache/tinybpf).", "--cache-dir");
    }

    @Override
    int run(ParseResult pr, Io con) {
        String d = str(pr, "--cache-dir");
        BuildCache cache = BuildCache.open(d == null ? null : Env.path(d));
        BuildCache.Stats before = cache.stats();
        cache.clear();
        con.out().printf("cleaned cache: %s (%d entries, %.1f MB)%n", cache.dir(), before.entries(), before.bytes() / 1e6);
        return OK;
    }
}
