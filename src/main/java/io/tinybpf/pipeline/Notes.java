package io.tinybpf.pipeline;

import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.diag.Stage;
import io.tinybpf.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cache entry remembers besides its artifact: the programs the transform chose and the
 * warnings the build reported, so a cache hit tells the user the same things a full build would.
 */
record Notes(Map<String, String> programs, List<Diagnostic> diagnostics) {
    String toJson() {
        List<Object> ds = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", d.severity().name());
            m.put("stage", d.stage().name());
            m.put("message", d.message());
            if (d.pos() != null) {
                m.put("file", d.pos().file());
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
    static Notes parse(String json) {
        if (json == null || json.isBlank()) return new Notes(Map.of(), List.of());
        try {
            Map<String, Object> root = (Map<String, Object>) Json.parse(json);
            Map<String, String> programs = new LinkedHashMap<>();
            ((Map<String, Object>) root.getOrDefault("programs", Map.of())).forEach((k, v) -> programs.put(k, String.valueOf(v)));
            List<Diagnostic> ds = new ArrayList<>();
            for (Object o : (List<Object>) root.getOrDefault("diagnostics", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                SourcePos pos = m.containsKey("file")
                        ? new SourcePos((String) m.get("file"), ((Long) m.get("line")).intValue(), ((Long) m.get("column")).intValue())
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
