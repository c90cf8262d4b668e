package dev.weft.transformer;

import dev.weft.transformer.testing.CompiledMethods;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Frame;

import static org.junit.jupiter.api.Assertions.*;

class FrameTrackerTest {
    private static final CompiledMethods SRC = CompiledMethods.of("t.T", """
            package t;
            class T {
                static void mark() {}
                static int use(Object o) { return 0; }
                static Object pick(boolean c) {
                    Object o = c ? "s" : Integer.valueOf(1);
                    long big = 5L;
                    String s = null;
                    mark();
                    return o.toString() + big + s;
                }
                static Object construct(int x) {
                    return new StringBuilder(use(new int[x]));
                }
                int instance(double d) { mark(); return (int) d; }
            }
            """);

    private static Frame<TypedValue> frameAt(MethodNode m, String call) throws Exception {
        Frame<TypedValue>[] frames = FrameTracker.compute("t/T", m);
        return frames[m.instructions.indexOf(CompiledMethods.call(m, call))];
    }

    @Test
    void localsHaveTheirExactTypesWithoutMerging() throws Exception {
        MethodNode m = SRC.method("pick");
        Frame<TypedValue> f = frameAt(m, "mark");
        assertEquals(TypedValue.INT, f.getLocal(0));                       // boolean parameter
        assertEquals(TypedValue.reference(Type.getObjectType("java/lang/Object")), f.getLocal(1)); // declared by javac at the join
        assertEquals(TypedValue.LONG, f.getLocal(2));
        assertEquals(TypedValue.TOP, f.getLocal(3));                       // second half of the long
        assertEquals(TypedValue.NULL, f.getLocal(4));                      // null-typed until assigned
        assertEquals(0, f.getStackSize());
    }

    @Test
    void anObjectUnderConstructionIsUninitializedUntilItsConstructorRuns() throws Exception {
        MethodNode m = SRC.method("construct");
        Frame<TypedValue> atUse = frameAt(m, "use");
        assertEquals(TypedValue.Kind.UNINITIALIZED, atUse.getStack(0).kind);
        assertEquals(TypedValue.Kind.UNINITIALIZED, atUse.getStack(1).kind);
        assertEquals(Type.getType("[I"), atUse.getStack(2).type);
        Frame<TypedValue>[] frames = FrameTracker.compute("t/T", m);
        int i = frames.length - 1;
        while (m.instructions.get(i).getOpcode() != org.objectweb.asm.Opcodes.ARETURN) {
            i--;
        }
        Frame<TypedValue> atReturn = frames[i];
        assertEquals(TypedValue.reference(Type.getObjectType("java/lang/StringBuilder")), atReturn.getStack(0));
    }

    @Test
    void instanceMethodsStartWithThis() throws Exception {
        Frame<TypedValue> f = frameAt(SRC.method("instance"), "mark");
        assertEquals(TypedValue.reference(Type.getObjectType("t/T")), f.getLocal(0));
        assertEquals(TypedValue.DOUBLE, f.getLocal(1));
    }

    @Test
    void codeAfterAnUnconditionalJumpWithoutADeclaredFrameIsUnreachable() throws Exception {
        MethodNode m = SRC.method("pick");
        Frame<TypedValue>[] frames = FrameTracker.compute("t/T", m);
        assertNotNull(frames[0]);
        for (int i = 0; i < frames.length; i++) {
            if (m.instructions.get(i).getOpcode() >= 0) {
                assertNotNull(frames[i], "javac emits no dead code: every instruction has a frame");
            }
        }
    }
}
