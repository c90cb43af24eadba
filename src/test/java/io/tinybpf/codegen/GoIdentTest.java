package io.tinybpf.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GoIdentTest {
    @Test
    void camelCaseKeepsInnerCapitalsAndDropsSeparators() {
        assertEquals("ConnectEvent", GoIdent.camel("connectEvent"));
        assertEquals("TaskStruct", GoIdent.camel("task_struct"));
        assertEquals("PID", GoIdent.camel("PID"));
        assertEquals("U32", GoIdent.camel("__u32"));
        assertEquals("TcPortDrop", GoIdent.camel("tc-port-drop"));
        assertEquals("", GoIdent.camel("_"));
        assertEquals("", GoIdent.camel("-.-"));
        assertEquals("MyProbe", GoIdent.camel("my probe!"));
        assertEquals("AB", GoIdent.camel("a\u00fcb"), "non-ASCII letters separate words");
    }

    @Test
    void exportedNamesNeverStartWithADigit() {
        assertEquals("F123abc", GoIdent.exported("123abc"));
        assertEquals("Ok", GoIdent.exported("ok"));
        assertTrue(GoIdent.isExported("F123abc"));
        assertFalse(GoIdent.isExported("ok"));
        assertFalse(GoIdent.isIdentifier("func"));
        assertFalse(GoIdent.isIdentifier("1x"));
        assertFalse(GoIdent.isIdentifier("a-b"));
        assertTrue(GoIdent.isIdentifier("_x9"));
    }

    @Test
    void snakeCaseIsAValidCIdentifier() {
        assertEquals("my_probe", GoIdent.snake("my-probe"));
        assertEquals("my_probe", GoIdent.snake("My Probe"));
        assertEquals("p_9lives", GoIdent.snake("9lives"));
        assertEquals("a_b_c", GoIdent.snake("a..b__c"));
    }

    @Test
    void packageNamesAreLowerCaseAndNeverKeywordsOrMain() {
        assertEquals("myprobe", GoIdent.packageName("my-probe", "probe"));
        assertEquals("mainprobe", GoIdent.packageName("main", "probe"));
        assertEquals("typeprobe", GoIdent.packageName("type", "probe"));
        assertEquals("probe9", GoIdent.packageName("9", "probe"));
        assertEquals("probe", GoIdent.packageName("--", "probe"));
    }

    @Test
    void fileStemsNeverCarryABuildConstraint() {
        assertEquals("my-probe", GoIdent.fileStem("my_probe"));
        assertEquals("x-test", GoIdent.fileStem("x_test"));
        assertEquals("probe-linux", GoIdent.fileStem("probe_linux"));
        assertFalse(GoIdent.hasConstrainingSuffix(GoIdent.fileStem("x_test") + ".go"));
        assertFalse(GoIdent.hasConstrainingSuffix(GoIdent.fileStem("x_windows") + "_stub.go"));
        assertTrue(GoIdent.hasConstrainingSuffix("x_test.go"));
        assertTrue(GoIdent.hasConstrainingSuffix("probe_arm64.go"));
        assertFalse(GoIdent.hasConstrainingSuffix("probe_bpf.go"));
    }

    @Test
    void quotingEscapesWhatGoStringsNeed() {
        assertEquals("\"a\\\"b\\\\c\\n\\x01\"", GoIdent.quote("a\"b\\c\n\u0001"));
    }
}
