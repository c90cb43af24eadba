package io.tinybpf.pipeline;

import io.tinybpf.toolchain.Tool;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one build needs. Either {@code packageDir} (compile Go with TinyGo first) or
 * {@code inputs} (pre-compiled IR: .ll, .bc, .o with embedded bitcode, .a) is set.
 */
public record BuildRequest(
        Path packageDir,
        List<Path> inputs,
        Path output,
        List<String> programs,
        Map<String, String> sections,
        String programType,
        String cpu,
        String optProfile,
        String passPipeline,
        Duration timeout,
        boolean keepTemp,
        Path tmpDir,
        boolean dumpIr,
        boolean verbose,
        int jobs,
        Map<Tool, String> toolOverrides,
        String license,
        boolean cache,
        Path cacheDir,
        ObjectVerifier verifier,
        PrintStream out,
        PrintStream err) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public BuildRequest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        programs = programs == null ? List.of() : List.copyOf(programs);
        sections = sections == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        toolOverrides = toolOverrides == null ? Map.of() : Map.copyOf(toolOverrides);
        if (output == null) output = Path.of("bpf.o");
        if (cpu == null || cpu.isBlank()) cpu = "v3";
        if (optProfile == null || optProfile.isBlank()) optProfile = "default";
        if (timeout == null || timeout.isZero() || timeout.isNegative()) timeout = DEFAULT_TIMEOUT;
        if (jobs < 1) jobs = 1;
        if (license == null || license.isBlank()) license = "GPL";
        if (out == null) out = System.out;
        if (err == null) err = System.err;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the finished object goes through a kernel's verifier before it is written. */
    public boolean verifyKernel() {
        return verifier != null;
    }

    public boolean isBuild() {
        return packageDir != null;
    }

    /** Mutable builder; the CLI and tests fill it, the record validates it. */
    public static final class Builder {
        private Path packageDir;
        private final List<Path> inputs = new ArrayList<>();
        private Path output;
        private final List<String> programs = new ArrayList<>();
        private final Map<String, String> sections = new LinkedHashMap<>();
        private String programType;
        private String cpu;
        private String optProfile;
        private String passPipeline;
        private Duration timeout;
        private boolean keepTemp;
        private Path tmpDir;
        private boolean dumpIr;
        private boolean verbose;
        private int jobs = 1;
        private final Map<Tool, String> tools = new EnumMap<>(Tool.class);
        private String license;
        private boolean cache;
        private Path cacheDir;
        private ObjectVerifier verifier;
        private PrintStream out;
        private PrintStream err;

        public Builder packageDir(Path p) { this.packageDir = p; return this; }
        public Builder input(Path p) { inputs.add(p); return this; }
        public Builder inputs(List<Path> ps) { inputs.addAll(ps); return this; }
        public Builder output(Path p) { this.output = p; return this; }
        public Builder program(String p) { programs.add(p); return this; }
        public Builder programs(List<String> ps) { programs.clear(); programs.addAll(ps); return this; }
        public Builder section(String program, String section) { sections.put(program, section); return this; }
        public Builder sections(Map<String, String> s) { sections.clear(); sections.putAll(s); return this; }
        public Builder programType(String t) { this.programType = t; return this; }
        public Builder cpu(String c) { this.cpu = c; return this; }
        public Builder optProfile(String p) { this.optProfile = p; return this; }
        public Builder passPipeline(String p) { this.passPipeline = p; return this; }
        public Builder timeout(Duration d) { this.timeout = d; return this; }
        public Builder keepTemp(boolean b) { this.keepTemp = b; return this; }
        public Builder tmpDir(Path p) { this.tmpDir = p; return this; }
        public Builder dumpIr(boolean b) { this.dumpIr = b; return this; }
        public Builder verbose(boolean b) { this.verbose = b; return this; }
        public Builder jobs(int j) { this.jobs = j; return this; }
        public Builder tool(Tool t, String path) { tools.put(t, path); return this; }
        public Builder license(String l) { this.license = l; return this; }
        public Builder cache(boolean b) { this.cache = b; return this; }
        public Builder cacheDir(Path p) { this.cacheDir = p; return this; }
        /** Load every program through this verifier (a kernel's) before writing the object; null: do not. */
        public Builder verifier(ObjectVerifier v) { this.verifier = v; return this; }
        public Builder out(PrintStream s) { this.out = s; return this; }
        public Builder err(PrintStream s) { this.err = s; return this; }

        public BuildRequest build() {
            return new BuildRequest(packageDir, inputs, output, programs, sections, programType, cpu, optProfile, passPipeline,
                    timeout, keepTemp, tmpDir, dumpIr, verbose, jobs, tools, license, cache, cacheDir, verifier, out, err);
        }
    }
}
