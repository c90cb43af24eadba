package io.tinybpf.pipeline;

import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.diag.Stage;
import io.tinybpf.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cache entry remembers besides its artifact: the programs the transform chose and the
 * warnings the build reported, so a cache hit tells the user the same things a full build would.
 *
 * <p>The whole-build key does not depend on where the module is, so one entry serves a copy of the
 * module elsewhere. Positions in the module are therefore stored relative to its root
 * ({@code module_file}) and shown, on a hit, in the module being built: never a path of the first
 * build's directory, which may be gone.
 */
record Notes(Map<String, String> programs, List<Diagnostic> diagnostics) {
    /**
     * Where positions are anchored: the Go module's root and the package directory positions are
     * shown relative to (as the transform shows them). Null for {@code link}, whose positions are
     * kept as they are.
     */
    record Roots(Path module, Path pkg) {
        Roots {
            module = module.toAbsolutePath().normalize();
            pkg = pkg.toAbsolutePath().normalize();
        }

        /** The file a shown position names, relative to the module root; null when outside it. */
        String moduleRelative(String shown) {
            Path p = Path.of(shown);
            Path abs = (p.isAbsolute() ? p : pkg.resolve(p)).normalize();
            return abs.startsWith(module) ? module.relativize(abs).toString() : null;
        }

        /** A module-relative file as positions are shown in this build. */
        String shown(String moduleRelative) {
            Path abs = module.resolve(moduleRelative).normalize();
            return abs.startsWith(pkg) ? pkg.relativize(abs).toString() : abs.toString();
        }
    }

    String toJson(Roots roots) {
        List<Object> ds = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", d.severity().name());
            m.put("stage", d.stage().name());
            m.put("message", d.message());
            if (d.pos() != null) {
                m.put("file", d.pos().file());
                String rel = roots == null || d.pos().file().startsWith("<") ? null : roots.moduleRelative(d.pos().file());
                if (rel != null) m.put("module_file", rel);
                m.put("line", (long) d.pos().line());
                m.put("column", (long) d.pos().column());
            }
            if (d.function() != null) m.put("function", d.function());
            if (d.hint() != null) m.put("hint", d.hint());
            ds.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("programs", new LinkedHashMap<>(programs));
        root.put("diagnostics", ds);
        return Json.write(root);
    }

    @SuppressWarnings("unchecked")
    static Notes parse(String json, Roots roots) {
        if (json == null || json.isBlank()) return new Notes(Map.of(), List.of());
        try {
            Map<String, Object> root = (Map<String, Object>) Json.parse(json);
            Map<String, String> programs = new LinkedHashMap<>();
            ((Map<String, Object>) root.getOrDefault("programs", Map.of())).forEach((k, v) -> programs.put(k, String.valueOf(v)));
            List<Diagnostic> ds = new ArrayList<>();
            for (Object o : (List<Object>) root.getOrDefault("diagnostics", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                String file = roots != null && m.get("module_file") instanceof String rel ? roots.shown(rel) : (String) m.get("file");
                SourcePos pos = m.containsKey("file")
                        ? new SourcePos(file, ((Long) m.get("line")).intValue(), ((Long) m.get("column")).intValue())
                        : null;
                ds.add(new Diagnostic(Severity.valueOf((String) m.get("severity")), Stage.valueOf((String) m.get("stage")),
                        (String) m.get("message"), pos, (String) m.get("function"), (String) m.get("hint")));
            }
            return new Notes(programs, ds);
        } catch (Json.ParseException | RuntimeException e) {
            return new Notes(Map.of(), List.of());
        }
    }

    void replay(Reporter reporter) {
        for (Diagnostic d : diagnostics) reporter.report(d);
    }
}
