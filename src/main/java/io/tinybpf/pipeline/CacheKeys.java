package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Stage;
import io.tinybpf.toolchain.GoCommand;
import io.tinybpf.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every build-cache key, in one place: what each cached result depends on. A key names the
 * inputs by content (sources, IR files, tool binaries, tinybpf's own code) and every option that
 * shapes the result, so a hit is the result the stage would compute now. Adding an option that
 * changes a stage's output means adding it here.
 */
record CacheKeys(BuildRequest req, Toolchain tools, String passes) {

    /** The whole build: a hit skips every stage. */
    String object(String sources) {
        return withSections(new BuildCache.Key("object").add(BuildInfo.buildId()).add(sources)
                .add(SourceHash.tool(tools.tinygo().path())).add(SourceHash.tool(GoCommand.locate().orElse(null)))
                .add(SourceHash.tool(tools.opt().path())).add(SourceHash.tool(tools.llc().path()))
                .add(passes).add(req.cpu()).add(req.license()).add(String.join(",", req.programs()))).hex();
    }

    /** TinyGo's IR of the package: its sources, TinyGo and Go themselves, the target and flags. */
    String tinygo(String sources) {
        return new BuildCache.Key("tinygo").add(sources).add(SourceHash.tool(tools.tinygo().path()))
                .add(SourceHash.tool(GoCommand.locate().orElse(null))).add(Pipeline.resource("/io/tinybpf/toolchain/tinygo-target.json"))
                .add(String.join(" ", TinyGo.FLAGS)).hex();
    }

    /**
     * The transformed IR: the input IR, tinybpf's code (the passes), the pre-transform opt run,
     * the kernel BTF kfuncs are typed from, the program options, where the sources are (debug
     * paths are made relative to it) and the mode.
     */
    String transform(Path in, Path sourceRoot) throws BuildException {
        return withSections(new BuildCache.Key("transform").add(BuildInfo.buildId()).add(Artifacts.hashOf(in))
                .add(SourceHash.tool(tools.opt().path())).add(OptProfiles.PRE_TRANSFORM).add(kernelBtfIdentity(in))
                .add(String.join(",", req.programs())).add(req.license()).add(sourceRoot == null ? "" : sourceRoot.toString())
                .add(req.isBuild() ? "build" : "link")).hex();
    }

    /** opt's output: opt, its input, the pass pipeline and the CPU. */
    String opt(Path in) throws BuildException {
        return new BuildCache.Key("opt").add(SourceHash.tool(tools.opt().path())).add(Artifacts.hashOf(in)).add(passes).add(req.cpu()).hex();
    }

    /** llc's object: llc, its input, the CPU, and the source files whose lines llc copies into BTF line info. */
    String llc(Path in, Path sourceRoot) throws BuildException {
        return new BuildCache.Key("llc").add(SourceHash.tool(tools.llc().path())).add(Artifacts.hashOf(in)).add(req.cpu())
                .add(referencedSources(in, sourceRoot)).hex();
    }

    private BuildCache.Key withSections(BuildCache.Key k) {
        for (Map.Entry<String, String> e : new TreeMap<>(req.sections()).entrySet()) k.add(e.getKey() + "=" + e.getValue());
        return k;
    }

    /** What of the kernel BTF the transform depends on: its identity, when the program calls kfuncs. */
    private static String kernelBtfIdentity(Path ir) throws BuildException {
        Path k = Stages.kernelBtf();
        if (k == null || !Artifacts.read(ir, Stage.TRANSFORM).contains("bpfKfunc")) return "";
        try {
            return k + ":" + Files.size(k) + ":" + Files.getLastModifiedTime(k).toMillis();
        } catch (IOException e) {
            return "";
        }
    }

    /** Contents of the source files the debug info names. */
    private static String referencedSources(Path ir, Path root) throws BuildException {
        BuildCache.Key k = new BuildCache.Key("sources");
        java.util.TreeSet<String> files = new java.util.TreeSet<>();
        // the module is not parsed for this: DIFile nodes are one line each, and the key only needs their paths
        for (String line : Artifacts.read(ir, Stage.LLC).split("\n")) {
            int at = line.indexOf("!DIFile(filename: \"");
            if (at < 0) continue;
            String name = quoted(line, at + "!DIFile(filename: \"".length());
            int d = line.indexOf("directory: \"", at);
            if (name == null || d < 0) continue;
            String dir = quoted(line, d + "directory: \"".length());
            if (dir != null) files.add(dir + "/" + name);
        }
        for (String f : files) {
            Path p = Path.of(f);
            if (!p.isAbsolute() && root != null) p = root.resolve(f);
            k.add(f);
            try {
                if (Files.isRegularFile(p)) k.add(Files.readAllBytes(p));
            } catch (IOException ignored) {
                // unreadable: llc cannot read it either
            }
        }
        return k.hex();
    }

    /** The text from {@code from} to the next unescaped quote, or null. */
    private static String quoted(String line, int from) {
        int end = line.indexOf('"', from);
        return end < 0 ? null : line.substring(from, end);
    }
}
