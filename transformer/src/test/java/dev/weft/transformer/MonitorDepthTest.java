package dev.weft.transformer;

import dev.weft.transformer.testing.CompiledMethods;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.MethodNode;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MonitorDepthTest {
    private static final CompiledMethods SRC = CompiledMethods.of("t.M", """
            package t;
            class M {
                static void before() {}
                static void inside() {}
                static void nested() {}
                static void after() {}
                static void f(Object a, Object b) {
                    before();
                    synchronized (a) {
                        inside();
                        synchronized (b) {
                            nested();
                        }
                    }
                    after();
                }
                static void wrapped(Object a) {
                    try {
                        synchronized (a) {
                            inside();
                        }
                    } catch (IllegalStateException e) {
                        before();
                    }
                    after();
                }
            }
            """);

    @Test
    void countsTheMonitorsHeldAtEachCall() throws Exception {
        MethodNode m = SRC.method("f");
        int[] depth = MonitorDepth.of(m.instructions, ControlFlow.of("t/M", m));
        assertEquals(0, depth[m.instructions.indexOf(CompiledMethods.call(m, "before"))]);
        assertEquals(1, depth[m.instructions.indexOf(CompiledMethods.call(m, "inside"))]);
        assertEquals(2, depth[m.instructions.indexOf(CompiledMethods.call(m, "nested"))]);
        assertEquals(0, depth[m.instructions.indexOf(CompiledMethods.call(m, "after"))]);
    }

    @Test
    void anOuterHandlerIsReachedOnlyThroughTheMonitorReleasingOne() throws Exception {
        MethodNode m = SRC.method("wrapped");
        int[] depth = MonitorDepth.of(m.instructions, ControlFlow.of("t/M", m));
        assertEquals(1, depth[m.instructions.indexOf(CompiledMethods.call(m, "inside"))]);
        assertEquals(0, depth[m.instructions.indexOf(CompiledMethods.call(m, "before"))]);
        assertEquals(0, depth[m.instructions.indexOf(CompiledMethods.call(m, "after"))]);
    }
}
