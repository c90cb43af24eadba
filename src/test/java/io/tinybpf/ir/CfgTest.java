package io.tinybpf.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CfgTest {
    private static final String DIAMOND = """
            define i32 @f(i1 %c, i32 %x) {
            entry:
              br i1 %c, label %then, label %else

            then:                                             ; preds = %entry
              br label %join

            else:
              switch i32 %x, label %join [
                i32 1, label %loop
                i32 2, label %then
              ]

            loop:
              br i1 %c, label %loop, label %join

            join:
              %r = phi i32 [ 1, %then ], [ 2, %else ], [ 3, %loop ]
              ret i32 %r

            dead:
              ret i32 0
            }
            """;

    @Test
    void successorsPredecessorsAndDominators() throws Exception {
        Function f = Module.parse(DIAMOND).function("f");
        Cfg cfg = new Cfg(f);
        Function.Block entry = cfg.entry(), then = cfg.block("then"), els = cfg.block("else"), loop = cfg.block("loop"),
                join = cfg.block("join"), dead = cfg.block("dead");
        assertEquals(List.of(then, els), cfg.successors(entry));
        assertEquals(List.of(join, loop, then), cfg.successors(els), "switch default and cases (cases are not comma-separated)");
        assertEquals(3, cfg.predecessors(join).size());
        assertEquals(List.of(entry, els), cfg.predecessors(then));
        assertEquals(List.of(els, loop), cfg.predecessors(loop));
        assertEquals(Map.of("entry", "entry", "then", "entry", "else", "entry", "loop", "else", "join", "entry"),
                cfg.immediateDominators());
        assertTrue(cfg.dominates(els, loop));
        assertTrue(cfg.dominates(loop, loop));
        assertFalse(cfg.dominates(then, join));
        assertFalse(cfg.dominates(entry, dead), "an unreachable block is dominated by nothing");
        assertEquals(loop, cfg.blockOf(loop.lines().getFirst()));
    }

    @Test
    void numberedBlocksAndAnUnlabeledEntry() throws Exception {
        Function f = Module.parse("""
                define i32 @g(ptr %p) {
                  %1 = icmp eq ptr %p, null
                  br i1 %1, label %2, label %3

                2:
                  ret i32 0

                3:
                  %4 = load i32, ptr %p, align 4
                  ret i32 %4
                }
                """).function("g");
        Cfg cfg = new Cfg(f);
        assertEquals(2, cfg.successors(cfg.entry()).size());
        assertTrue(cfg.dominates(cfg.entry(), cfg.block("3")));
        assertEquals(1, cfg.predecessors(cfg.block("3")).size());
    }
}
