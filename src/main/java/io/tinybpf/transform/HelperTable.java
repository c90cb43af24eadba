package io.tinybpf.transform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's BPF helpers (helpers.tsv, generated from kernel BTF by scripts/gen-helpers), looked
 * up by the Go identifier a program declares: {@code bpf_map_lookup_elem} is {@code bpfMapLookupElem}.
 */
public final class HelperTable {
    /**
     * @param id      the helper number the {@code call} instruction encodes
     * @param kernel  kernel name without {@code bpf_}
     * @param goName  the Go identifier ({@code bpfMapLookupElem})
     * @param minArgs fewest arguments; {@code maxArgs} most (5 for variadic helpers); -1 when unknown
     */
    public record Helper(int id, String kernel, String goName, int minArgs, int maxArgs) {}

    private static volatile HelperTable instance;

    private final Map<String, Helper> byGoName;
    private final Map<Integer, Helper> byId;
    private final List<Helper> all;

    private HelperTable(List<Helper> helpers) {
        Map<String, Helper> m = new HashMap<>();
        Map<Integer, Helper> ids = new HashMap<>();
        for (Helper h : helpers) {
            m.put(h.goName, h);
            ids.putIfAbsent(h.id, h); // the first of a number, as the scan this replaced found it
        }
        this.byGoName = m;
        this.byId = ids;
        this.all = Collections.unmodifiableList(helpers);
    }

    public static HelperTable get() {
        HelperTable t = instance;
        if (t == null) {
            synchronized (HelperTable.class) {
                t = instance;
                if (t == null) instance = t = load();
            }
        }
        return t;
    }

    private static HelperTable load() {
        try (InputStream in = HelperTable.class.getResourceAsStream("helpers.tsv")) {
            if (in == null) throw new IllegalStateException("helpers.tsv missing from the tinybpf jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Helper> out = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                int id = Integer.parseInt(f[0]);
                int min = -1, max = -1;
                if (f.length > 2 && !f[2].equals("-")) {
                    if (f[2].endsWith("+")) {
                        min = Integer.parseInt(f[2].substring(0, f[2].length() - 1));
                        max = 5;
                    } else {
                        min = max = Integer.parseInt(f[2]);
                    }
                }
                out.add(new Helper(id, f[1], goIdentifier(f[1]), min, max));
            }
            return new HelperTable(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code map_lookup_elem} → {@code bpfMapLookupElem}. */
    public static String goIdentifier(String kernelName) {
        return "bpf" + GoNames.snakeToCamel(kernelName);
    }

    /** The helper with this number, or null. */
    public Helper byId(int id) {
        return byId.get(id);
    }

    /** The helper a call invokes ({@code call ... inttoptr (i64 N to ptr)(...)}), or null for any other call. */
    public Helper called(io.tinybpf.ir.Call c) {
        return c.callee() instanceof io.tinybpf.ir.Value.IntToPtr id ? byId((int) id.value()) : null;
    }

    public Helper byGoName(String goIdentifier) {
        return byGoName.get(goIdentifier);
    }

    /**
     * The closest known Go identifier within edit distance 3 (case-insensitive comparison first),
     * ties broken alphabetically so suggestions are deterministic; null when nothing is close.
     */
    public String suggest(String goIdentifier) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Helper h : all) names.add(h.goName);
        return io.tinybpf.util.Suggest.closest(goIdentifier, names, 3);
    }
}
