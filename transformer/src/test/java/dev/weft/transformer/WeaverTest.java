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
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * A class woven by a Weft whose woven code had another contract with the runtime (stale classes after an
     * upgrade) is refused with what to do, not passed over as woven: it would fail at run time.
     */
    @Test
    void aClassWovenInAnotherFormatIsRefusedWithWhatToDo() throws Exception {
        byte[] woven = new Weaver().weave(compiled()).bytes();
        for (Integer other : java.util.Arrays.asList(null, 1, RuntimeNames.WEAVE_FORMAT + 1)) {
            org.objectweb.asm.tree.ClassNode cls = new org.objectweb.asm.tree.ClassNode();
            new org.objectweb.asm.ClassReader(woven).accept(cls, 0);
            org.objectweb.asm.tree.AnnotationNode marker = cls.invisibleAnnotations.stream()
                    .filter(a -> a.desc.equals(RuntimeNames.WOVEN_MARKER_DESC)).findFirst().orElseThrow();
            marker.values = other == null ? null : new java.util.ArrayList<>(java.util.List.of(RuntimeNames.WOVEN_MARKER_FORMAT, other));
            org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(0);
            cls.accept(w);
            WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(w.toByteArray()));
            String format = other == null ? "1" : other.toString();
            assertTrue(e.getMessage().contains("woven by another version of Weft (woven-code format " + format + "; this Weft"
                    + " writes format " + RuntimeNames.WEAVE_FORMAT + ")"), e.getMessage());
            assertTrue(e.getMessage().endsWith("recompile it (mvn clean)"), e.getMessage());
        }
    }

    @Test
    void asyncMethodKeepsItsSignatureAndGainsAPrivateStaticSyntheticLambdaBody() throws Exception {
        ClassNode cls = new ClassNode();
        new ClassReader(new Weaver().weave(compiled()).bytes()).accept(cls, 0);
        MethodNode outer = method(cls, "outer");
        assertEquals("(ILjava/lang/String;)Ldev/weft/Coroutine;", outer.desc);
        assertNotNull(outer.visibleAnnotations);
        MethodNode body = method(cls, "lambda$outer$weft1");
        assertEquals("(Ldev/weft/internal/WovenCoroutine;)Ljava/lang/Object;", body.desc);
        assertEquals(org.objectweb.asm.Opcodes.ACC_PRIVATE | org.objectweb.asm.Opcodes.ACC_STATIC
                | org.objectweb.asm.Opcodes.ACC_SYNTHETIC, body.access);
        assertEquals("w.W", new Weaver().weave(compiled()).className());
        assertNotNull(method(cls, "plain"));
    }

    @Test
    void lineNumbersAndLocalVariablesSurvive() throws Exception {
        ClassNode cls = new ClassNode();
        new ClassReader(new Weaver().weave(compiled()).bytes()).accept(cls, 0);
        MethodNode body = method(cls, "lambda$outer$weft1");
        assertTrue(body.localVariables.stream().anyMatch(v -> v.name.equals("x") && v.desc.equals("I")));
        assertTrue(body.localVariables.stream().anyMatch(v -> v.name.equals("a")));
        assertTrue(ProblemReporter.firstLine(body) == 7, "body keeps the user's line");
    }

    /** What frameworks see through reflection: the user's methods, the bodies only as synthetic ones. */
    @Test
    void reflectionThatSkipsSyntheticMethodsSeesOnlyTheUsersMethods() throws Exception {
        java.util.Map<String, byte[]> compiled = java.util.Map.of("w.W", compiled());
        Class<?> original = new dev.weft.transformer.testing.BytesClassLoader(compiled, getClass().getClassLoader())
                .loadClass("w.W");
        Class<?> woven = dev.weft.transformer.testing.WovenLoader.weaveAndLoad(compiled).loadClass("w.W");
        assertEquals(declaredNames(original, false), declaredNames(woven, false));
        assertEquals(java.util.Set.of("lambda$inner$weft0", "lambda$outer$weft1"), declaredNames(woven, true));
    }

    private static java.util.Set<String> declaredNames(Class<?> c, boolean synthetic) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            if (m.isSynthetic() == synthetic) {
                names.add(m.getName());
            }
        }
        return names;
    }

    private static MethodNode method(ClassNode cls, String name) {
        return cls.methods.stream().filter(m -> m.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
    }
}
