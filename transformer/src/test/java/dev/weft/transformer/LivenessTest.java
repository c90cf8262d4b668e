package dev.weft.transformer;

import dev.weft.transformer.testing.CompiledMethods;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.MethodNode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LivenessTest {
    private static final CompiledMethods SRC = CompiledMethods.of("t.L", """
            package t;
            class L {
                static void mark() {}
                static int straight(int a, int b) {
                    int c = a + 1;
                    mark();
                    return c;
                }
                static int handler(int a, int b) {
                    try {
                        mark();
                        return 0;
                    } catch (RuntimeException e) {
                        return b;
                    }
                }
                static int loop(int n) {
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                        mark();
                        sum += i;
                    }
                    return sum;
                }
                static int overwritten(int a) {
                    mark();
                    a = 3;
                    return a;
                }
            }
            """);

    private static boolean liveAtMark(String method, int var) throws Exception {
        MethodNode m = SRC.method(method);
        Liveness live = Liveness.of(m.instructions, ControlFlow.of("t/L", m));
        return live.isLive(m.instructions.indexOf(CompiledMethods.call(m, "mark")), var);
    }

    @Test
    void onlyVariablesReadLaterAreLive() throws Exception {
        assertFalse(liveAtMark("straight", 0));
        assertFalse(liveAtMark("straight", 1));
        assertTrue(liveAtMark("straight", 2));
    }

    @Test
    void whatAHandlerReadsIsLiveThroughoutItsTryRange() throws Exception {
        assertFalse(liveAtMark("handler", 0));
        assertTrue(liveAtMark("handler", 1));
    }

    @Test
    void loopVariablesStayLiveAroundTheBackEdge() throws Exception {
        assertTrue(liveAtMark("loop", 0));
        assertTrue(liveAtMark("loop", 1));
        assertTrue(liveAtMark("loop", 2));
    }

    @Test
    void aVariableWrittenBeforeItIsReadIsDead() throws Exception {
        assertFalse(liveAtMark("overwritten", 0));
    }
}
