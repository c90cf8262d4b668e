package dev.weft.transformer;

import dev.weft.transformer.testing.InMemoryCompiler;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every misuse the weaver refuses, with a message naming class, method, source file and line. */
class RefusalTest {
    private static final String IMPORTS = "package r;\nimport dev.weft.*;\nimport java.time.Duration;\n"
            + "import static dev.weft.Weft.await;\n";

    /** Compiles {@code body} as class r.R (line 6 is the first line of the body) and weaves it. */
    private static WeaveException refuse(String body) {
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("r.R", IMPORTS + "public class R {\n" + body + "\n}\n"));
        return assertThrows(WeaveException.class, () -> new Weaver().weave(classes.get("r.R")));
    }

    private static WeaveProblem only(WeaveException e) {
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    private static void assertLocated(WeaveProblem p, String method, int line) {
        assertEquals("r.R", p.className());
        assertEquals("R.java", p.sourceFile());
        assertEquals(method, p.method());
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.toString().startsWith("R.java:" + line + ": r.R." + method + ": "), p.toString());
    }

    @Test
    void awaitInsideSynchronizedBlock() {
        WeaveProblem p = only(refuse(
                "  @Async static Coroutine<Integer> f(Object lock) {\n"
              + "    synchronized (lock) {\n"
              + "      await(Weft.sleep(Duration.ZERO));\n"
              + "    }\n"
              + "    return Coroutine.of(1);\n"
              + "  }"));
        assertLocated(p, "f(Object)", 8);
        assertTrue(p.message().contains("inside a synchronized block"), p.message());
        assertTrue(p.message().contains("Move the await out"), p.message());
    }

    @Test
    void awaitAfterSynchronizedBlockIsFine() throws Exception {
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("r.R", IMPORTS + "public class R {\n"
                + "  @Async static Coroutine<Integer> f(Object lock) {\n"
                + "    int x; synchronized (lock) { x = 1; }\n"
                + "    await(Weft.sleep(Duration.ZERO));\n"
                + "    synchronized (lock) { x++; }\n"
                + "    return Coroutine.of(x);\n"
                + "  }\n}\n"));
        assertEquals(1, new Weaver().weave(classes.get("r.R")).methodsWoven());
    }

    @Test
    void awaitInConstructor() {
        WeaveProblem p = only(refuse(
                "  R() {\n"
              + "    await(Weft.sleep(Duration.ZERO));\n"
              + "  }"));
        assertLocated(p, "<init>()", 7);
        assertTrue(p.message().contains("inside a constructor"), p.message());
        assertTrue(p.message().contains("@Async factory"), p.message());
    }

    @Test
    void awaitInStaticInitializer() {
        WeaveProblem p = only(refuse(
                "  static {\n"
              + "    await(Weft.sleep(Duration.ZERO));\n"
              + "  }"));
        assertLocated(p, "<clinit>()", 7);
        assertTrue(p.message().contains("static initializer"), p.message());
    }

    @Test
    void awaitInLambda() {
        WeaveProblem p = only(refuse(
                "  @Async static Coroutine<Integer> f() {\n"
              + "    Runnable r = () -> {\n"
              + "      await(Weft.sleep(Duration.ZERO));\n"
              + "    };\n"
              + "    return Coroutine.of(1);\n"
              + "  }"));
        assertEquals(8, p.line());
        assertTrue(p.method().startsWith("lambda$f$"), p.method());
        assertTrue(p.message().contains("inside a lambda (in f)"), p.message());
    }

    @Test
    void awaitInPlainMethod() {
        WeaveProblem p = only(refuse(
                "  static int plain() {\n"
              + "    return await(Weft.spawn(null));\n"
              + "  }"));
        assertLocated(p, "plain()", 7);
        assertTrue(p.message().contains("not @Async"), p.message());
        assertTrue(p.message().contains("Annotate this method @Async"), p.message());
    }

    @Test
    void awaitAsMethodReference() {
        WeaveProblem p = only(refuse(
                "  @Async static Coroutine<Integer> f() {\n"
              + "    java.util.function.Function<Awaitable<Integer>, Integer> get = Weft::await;\n"
              + "    return Coroutine.of(1);\n"
              + "  }"));
        assertLocated(p, "f()", 7);
        assertTrue(p.message().contains("method reference"), p.message());
    }

    @Test
    void asyncMustReturnCoroutine() {
        WeaveProblem p = only(refuse(
                "  @Async static int f() {\n"
              + "    return 1;\n"
              + "  }"));
        assertLocated(p, "f()", 7);
        assertTrue(p.message().contains("must return dev.weft.Coroutine<T> but returns int"), p.message());
    }

    /** An abstract @Async method has nothing to weave and is no error (Kotlin's DefaultImpls, interfaces). */
    @Test
    void asyncOnAbstractMethodIsNotAnError() throws Exception {
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("r.A", IMPORTS
                + "public abstract class A {\n  @Async abstract Coroutine<Integer> f();\n}\n"));
        assertNull(new Weaver().weave(classes.get("r.A")), "nothing to weave");
    }

    @Test
    void asyncOnInterfaceMethodWithoutBodyIsNotAnErrorAndItsImplementationsAreWoven() throws Exception {
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("r.I", IMPORTS
                + "public interface I {\n  @Async Coroutine<Integer> f();\n"
                + "  @Async default Coroutine<Integer> g() { return Coroutine.of(await(f()) + 1); }\n}\n",
                "r.C", IMPORTS + "public class C implements I {\n"
                + "  @Async public Coroutine<Integer> f() { return Coroutine.of(await(Coroutine.of(41))); }\n"
                + "  public static int run() { return Weft.run(new C().g()); }\n}\n"));
        assertEquals(1, new Weaver().weave(classes.get("r.I")).methodsWoven(), "the default method only");
        Class<?> c = WovenLoader.weaveAndLoad(classes).loadClass("r.C");
        assertEquals(42, c.getMethod("run").invoke(null));
    }

    @Test
    void anAbstractAsyncMethodMustStillReturnCoroutine() {
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("r.J", IMPORTS
                + "public interface J {\n  @Async int f();\n}\n"));
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(classes.get("r.J")));
        assertTrue(only(e).message().contains("must return dev.weft.Coroutine<T> but returns int"), only(e).message());
    }

    @Test
    void asyncOnNativeMethod() {
        WeaveProblem p = only(refuse("  @Async static native Coroutine<Integer> f();"));
        assertEquals("f()", p.method());
        assertTrue(p.message().contains("native method"), p.message());
    }

    @Test
    void asyncSynchronizedMethod() {
        WeaveProblem p = only(refuse(
                "  @Async synchronized Coroutine<Integer> f() {\n"
              + "    return Coroutine.of(1);\n"
              + "  }"));
        assertLocated(p, "f()", 7);
        assertTrue(p.message().contains("declared synchronized"), p.message());
    }

    @Test
    void everyProblemOfAClassIsReportedAtOnce() {
        WeaveException e = refuse(
                "  @Async static int a() { return 1; }\n"
              + "  static void b() { await(Weft.sleep(Duration.ZERO)); }\n"
              + "  @Async static Coroutine<Integer> c(Object o) { synchronized (o) { await(Weft.sleep(Duration.ZERO)); } return Coroutine.of(1); }\n");
        assertEquals(3, e.problems().size(), e.getMessage());
        List<String> lines = Arrays.asList(e.getMessage().split(System.lineSeparator()));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("R.java:6: r.R.a()"), lines.get(0));
        assertTrue(lines.get(1).startsWith("R.java:7: r.R.b()"), lines.get(1));
        assertTrue(lines.get(2).startsWith("R.java:8: r.R.c(Object)"), lines.get(2));
    }

    /** The await in synchronized is found while weaving, after the misplaced await below it: listed first all the same. */
    @Test
    void problemsAreListedInLineOrder() {
        WeaveException e = refuse(
                "  @Async static Coroutine<Integer> c(Object o) { synchronized (o) { await(Weft.sleep(Duration.ZERO)); } return Coroutine.of(1); }\n"
              + "  static void b() { await(Weft.sleep(Duration.ZERO)); }\n"
              + "  @Async static int a() { return 1; }\n"
              + "  static void d() {\n"
              + "    await(Weft.sleep(Duration.ZERO));\n"
              + "  }\n");
        List<Integer> lines = e.problems().stream().map(WeaveProblem::line).toList();
        assertEquals(List.of(6, 7, 8, 10), lines, e.getMessage());
        assertTrue(e.getMessage().startsWith("R.java:6: r.R.c(Object): await(...) inside a synchronized block"), e.getMessage());
    }

    @Test
    void unreadableClassFile() {
        byte[] garbage = "not a class, but it mentions dev/weft/Async to pass the cheap scan".getBytes();
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(garbage));
        assertTrue(e.getMessage().contains("not a readable class file"), e.getMessage());
    }

    @Test
    void truncatedClassFile() {
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("r.R", IMPORTS + "public class R {\n"
                + "  @Async static Coroutine<Integer> f() { return Coroutine.of(await(Weft.sleep(Duration.ZERO)) == null ? 1 : 2); }\n}\n"));
        byte[] whole = classes.get("r.R");
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(cut));
        assertTrue(e.getMessage().contains("not a readable class file"), e.getMessage());
    }

    @Test
    void classFileOlderThanJava8() {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V1_7, Opcodes.ACC_PUBLIC, "r/Old", null, "java/lang/Object", null);
        cw.visitSource("Old.java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "f", "()Ldev/weft/Coroutine;", null, null);
        mv.visitAnnotation("Ldev/weft/Async;", true).visitEnd();
        mv.visitCode();
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(1, 0);
        mv.visitEnd();
        cw.visitEnd();
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(cw.toByteArray()));
        assertTrue(only(e).message().contains("older than Java 8"), e.getMessage());
    }

    @Test
    void classFileNewerThanAsmKnows() {
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("r.R", IMPORTS + "public class R {\n"
                + "  @Async static Coroutine<Integer> f() { return Coroutine.of(1); }\n}\n"));
        byte[] bytes = classes.get("r.R").clone();
        bytes[6] = 0;
        bytes[7] = (byte) 99; // major version 99
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(bytes));
        assertTrue(e.getMessage().contains("newer Java than this Weft supports"), e.getMessage());
    }
}
