package io.tinybpf.fuzz;

import io.tinybpf.config.ProjectConfig;
import java.nio.file.Path;

/** tinybpf.json: valid or a {@link ProjectConfig.ConfigException} (which becomes the stage "config" report). */
public final class ConfigFuzz {
    private ConfigFuzz() {}

    static final Path FILE = Path.of("/fuzz/project/tinybpf.json");

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            ProjectConfig.parse(Oracle.text(data), FILE);
        } catch (ProjectConfig.ConfigException e) {
            e.toBuildException().format();
        }
    }
}
