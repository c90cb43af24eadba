package io.tinybpf.cli;

import io.tinybpf.diag.Diagnostic;
import io.tinybpf.elf.ObjectSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes several commands share (a diagnostic, a program, a map), so {@code build},
 * {@code verify} and the schemas in docs/schemas/ describe them once.
 */
final class JsonModels {
    private JsonModels() {}

    /** {@code {"severity", "stage", "message", "file", "line", "column", "function", "hint"}}; absent parts are left out. */
    static Map<String, Object> diagnostic(Diagnostic d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", d.severity().label());
        m.put("stage", d.stage().toString());
        m.put("message", d.message());
        if (d.pos() != null) {
            m.put("file", d.pos().file());
            if (d.pos().line() > 0) m.put("line", (long) d.pos().line());
            if (d.pos().column() > 0) m.put("column", (long) d.pos().column());
        }
        if (d.function() != null) m.put("function", d.function());
        if (d.hint() != null) m.put("hint", d.hint());
        return m;
    }

    static Map<String, Object> program(ObjectSummary.Program p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("section", p.section());
        m.put("type", p.programTypeName());
        m.put("kind", p.kind());
        m.put("instructions", p.instructions());
        m.put("slots", p.slots());
        return m;
    }

    /**
     * A kernel's verdict on a program ({@code verify --kernel}, and per kernel with {@code --vm}):
     * processed instructions and stack when accepted; the refusal, the load error or the complaint,
     * at its Go line with the source text, and a hint, when not.
     */
    static Map<String, Object> verdict(io.tinybpf.kernel.KernelVerifier.Verdict v) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("accepted", v.accepted());
        var st = v.stats();
        if (st.processedInsns() >= 0) k.put("processed_insns", (long) st.processedInsns());
        if (!st.stackDepths().isEmpty()) k.put("stack_depth", st.stackDepths().stream().map(Integer::longValue).toList());
        if (st.verificationTimeUsec() >= 0) k.put("verification_time_us", st.verificationTimeUsec());
        if (v.refusal() != null) k.put("refused", v.refusal());
        if (v.complaint() != null) k.put("complaint", v.complaint());
        if (v.loadError() != null) k.put("load_error", v.loadError());
        VerifyCommand.hintOf(v).ifPresent(h -> {
            k.put("hint", h.advice());
            k.put("hint_kind", h.kind().jsonName());
        });
        if (v.goPosition() != null) k.put("go_position", v.goPosition().toString());
        if (v.sourceText() != null) k.put("source", v.sourceText());
        return k;
    }

    /** A map; {@code recordType} describes its ring-buffer/perf record type, or is null. */
    static Map<String, Object> map(ObjectSummary.MapInfo mi, String recordType) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", mi.name());
        m.put("type", mi.typeName());
        m.put("key_size", mi.keySize());
        m.put("value_size", mi.valueSize());
        m.put("max_entries", mi.maxEntries());
        m.put("map_flags", mi.mapFlags());
        m.put("pinning", mi.pinningName());
        mi.keyType().ifPresent(t -> m.put("key_type", t));
        mi.valueType().ifPresent(t -> m.put("value_type", t));
        if (recordType != null) m.put("record_type", recordType);
        return m;
    }
}
