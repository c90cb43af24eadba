package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Tok;
import io.tinybpf.ir.Tokens;
import java.util.HashMap;
import java.util.Map;

/**
 * Go types of SSA values, recovered from debug records: {@code #dbg_value(ptr %t, !var,
 * !DIExpression(), ...)} says {@code %t} holds the Go variable {@code !var}, whose type is known.
 */
final class ValueTypes {
    /** value name → DI type id of the variable it holds. */
    final Map<String, Integer> values = new HashMap<>();

    static ValueTypes of(Function f, Module m) {
        ValueTypes vt = new ValueTypes();
        for (BodyLine l : f.allLines()) {
            if (l.kind() != BodyLine.Kind.DEBUG_RECORD) continue;
            Tokens t = l.tokens();
            if (!t.is(0, "#dbg_value")) continue;
            int open = 1;
            int close = t.matching(open);
            if (close < 0) continue;
            int[] parts = t.splitTopLevel(open + 1, close);
            if (parts.length < 6) continue;
            int valueTok = parts[1] - 1;
            if (t.kind(valueTok) != Tok.LOCAL) continue;
            int varTok = parts[2];
            if (t.kind(varTok) != Tok.META_ID) continue;
            String expr = t.span(parts[4], parts[5]);
            if (!expr.equals("!DIExpression()")) continue; // fragments and derefs describe something else
            MetadataDef var = m.metadata(t.number(varTok));
            if (var == null) continue;
            int type = var.refField("type");
            if (type < 0) continue;
            vt.values.putIfAbsent(t.identName(valueTok), type);
        }
        return vt;
    }
}
