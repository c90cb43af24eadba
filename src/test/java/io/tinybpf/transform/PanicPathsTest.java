package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanicPathsTest {
    private static List<BodyLine> trapBlock(String section) {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = context(m, Map.of("prog", section));
        runBefore(ctx, PanicPaths.class);
        run(ctx, new PanicPaths());
        for (BodyLine l : m.function("prog").allLines()) {
            if (l.inst() instanceof Call c) org.junit.jupiter.api.Assertions.assertNotEquals("llvm.trap", c.calleeName(), "no trap call is left");
        }
        Function marker = m.function(PanicPaths.MARKER);
        assertNotNull(marker, "the marker is declared");
        accepted(m);
        return m.function("prog").blocks().stream().filter(b -> "trap".equals(b.name())).findFirst().orElseThrow().lines();
    }

    @Test
    void aTrapBecomesAMarkerAndASafeReturnAtTheSameGoLine() {
        List<BodyLine> lines = trapBlock("xdp");
        Call marker = (Call) lines.get(0).inst();
        assertEquals(PanicPaths.MARKER, marker.calleeName());
        assertEquals(77, marker.dbg(), "the marker keeps the trap's Go line");
        Inst.Ret ret = (Inst.Ret) lines.get(1).inst();
        assertEquals(Operand.of(Type.I32, Value.of(0)), ret.value(), "XDP returns XDP_ABORTED where it would have panicked");
    }

    @Test
    void tcFailsClosed() {
        Inst.Ret ret = (Inst.Ret) trapBlock("tc/ingress").get(1).inst();
        assertEquals(2L, ret.value().value().intValue(), "TC_ACT_SHOT");
    }

    @Test
    void aSubprogramReturnsTheZeroValueOfItsType() {
        Module m = parse("define internal ptr @f() {\n  ret ptr null\n}\ndefine internal { i64, i1 } @g() {\n  ret { i64, i1 } zeroinitializer\n}\n");
        assertEquals(Operand.of(Type.PTR, Value.NULL), PanicPaths.defaultReturn(m.function("f"), null));
        assertEquals(Value.ZERO, PanicPaths.defaultReturn(m.function("g"), null).value());
        assertNull(PanicPaths.defaultReturn(parse("define void @h() {\n  ret void\n}\n").function("h"), "xdp"));
    }
}
