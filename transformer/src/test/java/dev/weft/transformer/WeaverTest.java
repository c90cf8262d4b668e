package dev.weft.transformer;

import dev.weft.transformer.testing.InMemoryCompiler;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weaver's contract as a whole: what it leaves alone, determinism, idempotence, the woven shape. */
class WeaverTest {
    private static final String SOURCE = "package w;\nimport dev.weft.*;\nimport java.time.Duration;\n"
            + "import static dev.weft.Weft.await;\n"
            + "public class W {\n"
            + "  @Async static Coroutine<Integer> inner() { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(10); }\n"
            + "  @Async Coroutine<String> outer(int a, String unused) { int x = await(inner()); return Coroutine.of(a + \":\" + x); }\n"
            + "  static int plain() { return 3; }\n"
            + "}\n";

    private static byte[] compiled() {
        return InMemoryCompiler.compile(17, Map.of("w.W", SOURCE)).get("w.W");
    }

    @Test
    void classesThatDoNotMentionWeftAreLeftAlone() throws Exception {
        byte[] plain = InMemoryCompiler.compile(17, Map.of("p.P", "package p; public class P { int f() { return 1; } }")).get("p.P");
        assertFalse(Weaver.mightNeedWeaving(plain));
        assertNull(new Weaver().weave(plain));
    }

    @Test
    void classesUsingWeftWithoutAsyncAreLeftAlone() throws Exception {
        byte[] user = InMemoryCompiler.compile(17, Map.of("p.U", "package p; public class U {"
                + " static Object f() { return dev.weft.Weft.run(dev.weft.Coroutine.of(1)); } }")).get("p.U");
        assertTrue(Weaver.mightNeedWeaving(user));
        assertNull(new Weaver().weave(user));
    }

    @Test
    void weavingIsDeterministic() throws Exception {
        byte[] a = new Weaver().weave(compiled()).bytes();
        byte[] b = new Weaver().weave(compiled()).bytes();
        assertArrayEquals(a, b);
    }

    @Test
    void weavingTwiceIsANoOp() throws Exception {
        WovenClass once = new Weaver().weave(compiled());
        assertEquals(2, once.methodsWoven());
        assertNull(new Weaver().weave(once.bytes()));
    }

    @Test
    void asyncMethodKeepsItsSignatureAndGainsAPrivateStaticBody() throws Exception {
        ClassNode cls = new ClassNode();
        new ClassReader(new Weaver().weave(compiled()).bytes()).accept(cls, 0);
        MethodNode outer = method(cls, "outer");
        assertEquals("(ILjava/lang/String;)Ldev/weft/Coroutine;", outer.desc);
        assertNotNull(outer.visibleAnnotations);
        MethodNode body = method(cls, "outer$weft1");
        assertEquals("(Ldev/weft/internal/WovenCoroutine;)Ljava/lang/Object;", body.desc);
        assertEquals(org.objectweb.asm.Opcodes.ACC_PRIVATE | org.objectweb.asm.Opcodes.ACC_STATIC, body.access);
        assertEquals("w.W", new Weaver().weave(compiled()).className());
        assertNotNull(method(cls, "plain"));
    }

    @Test
    void lineNumbersAndLocalVariablesSurvive() throws Exception {
        ClassNode cls = new ClassNode();
        new ClassReader(new Weaver().weave(compiled()).bytes()).accept(cls, 0);
        MethodNode body = method(cls, "outer$weft1");
        assertTrue(body.localVariables.stream().anyMatch(v -> v.name.equals("x") && v.desc.equals("I")));
        assertTrue(body.localVariables.stream().anyMatch(v -> v.name.equals("a")));
        assertTrue(ProblemReporter.firstLine(body) == 7, "body keeps the user's line");
    }

    private static MethodNode method(ClassNode cls, String name) {
        return cls.methods.stream().filter(m -> m.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
    }
}
