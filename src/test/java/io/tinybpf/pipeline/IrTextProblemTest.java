package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The check that input "IR" is text LLVM can read, before the parser sees it. */
class IrTextProblemTest {
    @Test
    void acceptsStringsAndCommentsHoldingQuotesAndSemicolons() {
        assertNull(Pipeline.irTextProblem("""
                @s = constant [4 x i8] c"a;b\\00" ; a "comment" with an odd quote "
                !0 = !DIFile(filename: "x.go", directory: "/a;b")
                ; "
                define void @f() { ret void }"""));
        assertNull(Pipeline.irTextProblem("@u = global i8 0 ; unterminated at the very end: \"abc"));
    }

    @Test
    void namesTheLineOfALineBreakInsideAString() {
        assertEquals("has a line break inside a quoted string (line 2)",
                Pipeline.irTextProblem("@a = global i8 0\n@s = constant [3 x i8] c\"a\nb\"\n"));
        assertEquals("has a line break inside a quoted string (line 1)",
                Pipeline.irTextProblem("!0 = !{!\"a\", !\"b\n\"}\n"));
    }

    @Test
    void namesTheLineOfANulByte() {
        assertEquals("contains a NUL byte (line 3)", Pipeline.irTextProblem("a\nb\n\0c\n"));
        assertEquals("contains a NUL byte (line 1)", Pipeline.irTextProblem("x \"in a string \0\""));
    }
}
