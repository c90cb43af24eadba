package io.tinybpf.bench;

import io.tinybpf.config.ProjectConfig;
import io.tinybpf.ir.Module;
import io.tinybpf.transform.TransformOptions;
import io.tinybpf.transform.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + transform + print of a large TinyGo module (scripts/bench generates a package with
 * 1200 programs and compiles it with TinyGo: about 130k lines of IR). Lines per second and
 * allocation per line are derived by scripts/bench from this benchmark's time and gc profile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
public class TransformBench {
    private String ir;
    private TransformOptions options;

    @Setup
    public void load() throws Exception {
        Path file = Path.of(System.getProperty("tinybpf.bench.ir", "target/bench/work/program.ll"));
        Path config = Path.of(System.getProperty("tinybpf.bench.config", "target/bench/pkg/tinybpf.json"));
        ir = Files.readString(file);
        ProjectConfig c = ProjectConfig.load(config);
        options = new TransformOptions(List.copyOf(c.programs().keySet()), c.programs(), "GPL", config.getParent());
    }

    @Benchmark
    public String parseOnly() throws Exception {
        return Module.parse(ir).print();
    }

    @Benchmark
    public String parseTransformPrint() throws Exception {
        Module m = Module.parse(ir);
        Transformer.run(m, options);
        return m.print();
    }
}
