package io.tinybpf.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The transform edits IR through typed views and builds it through {@code io.tinybpf.ir.Build},
 * {@code Md} and {@code Module.GlobalDef}: a pass that assembles instruction or metadata text
 * itself, or runs a regular expression over IR, is how a type-blind bug gets in (CO-RE once sized
 * a pointer load by an integer-only text parser). This test reads the pass sources and fails on
 * either; an exception must be listed here with its reason.
 */
class TransformSourceRulesTest {
    private static final Path DIR = Path.of("src/main/java/io/tinybpf/transform");

    /** Regular-expression and formatting APIs that have no business touching IR text. */
    private static final Pattern FORBIDDEN_CALL = Pattern.compile("\\.replaceAll\\(|\\.replaceFirst\\(|\\bPattern\\b|\\.matches\\(|String\\.format\\(|\\.formatted\\(");

    /** IR syntax inside a string literal: instruction shapes, metadata syntax, sigils to concatenate. */
    private static final List<Pattern> IR_IN_LITERAL = List.of(
            Pattern.compile("^[%@!]$"),
            Pattern.compile("^\\s*%[\\w.\"]+ = "),
            Pattern.compile("\\b(call|load|store|alloca|getelementptr|icmp|br|ret|phi|select|zext|sext|trunc|declare|define)\\s+(volatile\\s+|inbounds\\s+)?(void|ptr|i\\d+|label|\\[|\\{|%|@)"),
            Pattern.compile("!dbg\\s*!|!DI[A-Z]|!\\{|distinct !|, !"),
            Pattern.compile("inttoptr \\(|\\[\\d+ x i\\d+]|\\bx i8\\b|section \""),
            Pattern.compile("\\b(baseType|elements|scope|file|type): !"));

    /** Literals that look like IR but are not built into IR, with the reason. */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "!DIExpression()", "ValueTypes compares a debug record's expression operand with the empty expression");

    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void passesNeitherAssembleIrTextNorRunRegexesOverIt() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) continue;
                    if (FORBIDDEN_CALL.matcher(code).find()) violations.add(f.getFileName() + ":" + (i + 1) + ": " + code);
                    Matcher lit = STRING_LITERAL.matcher(code);
                    while (lit.find()) {
                        String s = lit.group(1);
                        if (EXCEPTIONS.containsKey(s)) continue;
                        for (Pattern p : IR_IN_LITERAL) {
                            if (p.matcher(s).find()) {
                                violations.add(f.getFileName() + ":" + (i + 1) + ": \"" + s + "\"");
                                break;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "IR text assembled or regex-edited in transform/; use io.tinybpf.ir.Build/Md/typed views");
    }

    @Test
    void theRuleCatchesWhatItIsFor() {
        // the patterns themselves must flag the shapes passes used to write
        for (String s : List.of("call void @", "ret i32 ", "!dbg !", "!{", "inttoptr (i64 ", "[4 x i8]", "distinct !DICompositeType(",
                "baseType: !", "@", "%x = ")) {
            boolean hit = IR_IN_LITERAL.stream().anyMatch(p -> p.matcher(s).find());
            assertTrue(hit, "not caught: " + s);
        }
        assertTrue(FORBIDDEN_CALL.matcher("body.replaceFirst(\"x\", y)").find());
    }
}
