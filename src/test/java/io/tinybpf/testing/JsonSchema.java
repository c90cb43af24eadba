package io.tinybpf.testing;

import io.tinybpf.util.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the schemas in docs/schemas/ (JSON Schema 2020-12). It implements
 * the keywords those schemas use and fails on any other validation keyword, so a schema cannot
 * silently rely on something unchecked: type, properties, required, additionalProperties, items,
 * enum, const, pattern, minimum, oneOf, and $ref to another file and/or a JSON pointer.
 */
public final class JsonSchema {
    private static final java.util.Set<String> ANNOTATIONS = java.util.Set.of("$schema", "$id", "$defs", "title", "description");
    private final Path dir;

    private JsonSchema(Path dir) {
        this.dir = dir;
    }

    /** The schema directory of the repository. */
    public static Path schemas() {
        return Requires.repo().resolve("docs/schemas");
    }

    /** Problems with {@code value} against {@code schemaFile} (empty when it is valid). */
    public static List<String> validate(Object value, String schemaFile) {
        JsonSchema s = new JsonSchema(schemas());
        List<String> out = new ArrayList<>();
        s.check(value, s.load(schemaFile), schemaFile, "$", out);
        return out;
    }

    /** Parses {@code json} and validates it; any problem fails with the path, the schema and the document. */
    public static Object assertValid(String json, String schemaFile) {
        Object v;
        try {
            v = Json.parse(json);
        } catch (Json.ParseException e) {
            throw new AssertionError("not JSON (" + e.getMessage() + "):\n" + json);
        }
        List<String> problems = validate(v, schemaFile);
        if (!problems.isEmpty()) throw new AssertionError("does not match " + schemaFile + ":\n  " + String.join("\n  ", problems) + "\n" + json);
        return v;
    }

    private Object load(String file) {
        try {
            return Json.parse(Files.readString(dir.resolve(file)));
        } catch (IOException | Json.ParseException e) {
            throw new AssertionError("schema " + file + ": " + e.getMessage());
        }
    }

    /** {@code file.json#/a/b}, {@code #/a/b} or {@code file.json}: the schema it names and its file. */
    private Object[] resolve(String ref, String file) {
        int hash = ref.indexOf('#');
        String f = hash == 0 ? file : hash < 0 ? ref : ref.substring(0, hash);
        Object node = load(f);
        if (hash >= 0) {
            for (String part : ref.substring(hash + 1).split("/")) {
                if (part.isEmpty()) continue;
                if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) throw new AssertionError("bad $ref " + ref + " in " + file);
                node = m.get(part);
            }
        }
        return new Object[] {node, f};
    }

    @SuppressWarnings("unchecked")
    private void check(Object v, Object schemaNode, String file, String path, List<String> out) {
        if (!(schemaNode instanceof Map<?, ?> raw)) throw new AssertionError("schema at " + path + " in " + file + " is not an object");
        Map<String, Object> s = (Map<String, Object>) raw;
        for (String k : s.keySet()) {
            if (!ANNOTATIONS.contains(k) && !List.of("$ref", "type", "properties", "required", "additionalProperties", "items", "enum",
                    "const", "pattern", "minimum", "oneOf").contains(k)) {
                throw new AssertionError("schema keyword '" + k + "' in " + file + " is not checked by the test validator");
            }
        }
        if (s.containsKey("$ref")) {
            Object[] r = resolve((String) s.get("$ref"), file);
            check(v, r[0], (String) r[1], path, out);
        }
        if (s.containsKey("oneOf")) {
            int matched = 0;
            List<String> why = new ArrayList<>();
            for (Object alt : (List<Object>) s.get("oneOf")) {
                List<String> p = new ArrayList<>();
                check(v, alt, file, path, p);
                if (p.isEmpty()) matched++;
                else why.add(String.join("; ", p));
            }
            if (matched != 1) out.add(path + ": matches " + matched + " of the oneOf alternatives" + (matched == 0 ? " " + why : ""));
        }
        if (s.containsKey("type")) {
            Object t = s.get("type");
            List<Object> types = t instanceof List<?> l ? (List<Object>) l : List.of(t);
            if (types.stream().noneMatch(x -> is(v, (String) x))) out.add(path + ": " + kind(v) + " is not " + types);
        }
        if (s.containsKey("const") && !same(s.get("const"), v)) out.add(path + ": " + v + " is not " + s.get("const"));
        if (s.containsKey("enum") && ((List<Object>) s.get("enum")).stream().noneMatch(e -> same(e, v))) {
            out.add(path + ": " + v + " is not one of " + s.get("enum"));
        }
        if (s.containsKey("pattern") && v instanceof String str && !Pattern.compile((String) s.get("pattern")).matcher(str).find()) {
            out.add(path + ": \"" + str + "\" does not match " + s.get("pattern"));
        }
        if (s.containsKey("minimum") && v instanceof Number n && new java.math.BigDecimal(n.toString())
                .compareTo(new java.math.BigDecimal(s.get("minimum").toString())) < 0) {
            out.add(path + ": " + n + " is below " + s.get("minimum"));
        }
        if (v instanceof Map<?, ?> obj) {
            Map<String, Object> props = (Map<String, Object>) s.getOrDefault("properties", Map.of());
            for (Object req : (List<Object>) s.getOrDefault("required", List.of())) {
                if (!obj.containsKey(req)) out.add(path + ": missing \"" + req + "\"");
            }
            Object extra = s.get("additionalProperties");
            for (Map.Entry<?, ?> e : obj.entrySet()) {
                String k = (String) e.getKey();
                if (props.containsKey(k)) check(e.getValue(), props.get(k), file, path + "." + k, out);
                else if (Boolean.FALSE.equals(extra)) out.add(path + ": unexpected \"" + k + "\"");
                else if (extra instanceof Map<?, ?>) check(e.getValue(), extra, file, path + "." + k, out);
            }
        }
        if (v instanceof List<?> list && s.containsKey("items")) {
            for (int i = 0; i < list.size(); i++) check(list.get(i), s.get("items"), file, path + "[" + i + "]", out);
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
        return java.util.Objects.equals(a, b);
    }

    private static boolean is(Object v, String type) {
        return switch (type) {
            case "object" -> v instanceof Map;
            case "array" -> v instanceof List;
            case "string" -> v instanceof String;
            case "integer" -> v instanceof Long || v instanceof Integer || v instanceof BigInteger;
            case "number" -> v instanceof Number;
            case "boolean" -> v instanceof Boolean;
            case "null" -> v == null;
            default -> throw new AssertionError("unknown schema type " + type);
        };
    }

    private static String kind(Object v) {
        return v == null ? "null" : v instanceof Map ? "object" : v instanceof List ? "array" : v.getClass().getSimpleName();
    }
}
