package dev.weft.transformer;

import dev.weft.NotWovenError;
import dev.weft.Coroutine;
import dev.weft.transformer.testing.BytesClassLoader;
import dev.weft.transformer.testing.InMemoryCompiler;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class left unwoven fails with the reason it was left unwoven: its awaits (or, woven in another format, its
 * {@code @Async} methods) are redirected to the runtime's {@code NotWoven}, and nothing else changes.
 */
class NotWovenRedirectTest {
    private static final String REFUSED = "package n;\n"
            + "import dev.weft.*;\nimport java.time.Duration;\nimport java.util.concurrent.CompletableFuture;\n"
            + "import static dev.weft.Weft.await;\n"
            + "public class N {\n"
            + "  @Async public static Coroutine<Integer> good(boolean flag) {\n"
            + "    Promise<Integer> a = new Promise<>(), b = new Promise<>();\n"
            + "    int x = 0;\n"
            + "    try { x = await(flag ? a : b); } finally { x++; }\n"
            + "    return Coroutine.of(x);\n"
            + "  }\n"
            + "  @Async public static Coroutine<Integer> stage() { return Coroutine.of(await(new CompletableFuture<Integer>())); }\n"
            + "  @Async static Coroutine<Integer> bad(Object lock) {\n"
            + "    synchronized (lock) { await(Weft.sleep(Duration.ZERO)); }\n"
            + "    return Coroutine.of(1);\n"
            + "  }\n"
            + "  static final Promise<Integer> P = new Promise<>();\n"
            + "  @Async public static Coroutine<Integer> top() { return Coroutine.of(await(P)); }\n"
            + "  @Async public static Coroutine<Integer> io(dev.weft.io.IoAwaitable<Integer> x) throws java.io.IOException {"
            + " return Coroutine.of(await(x)); }\n"
            + "  public static int plain(int v) { return v * 2; }\n"
            + "}\n";

    private static byte[] refused() {
        return InMemoryCompiler.compile(17, Map.of("n.N", REFUSED)).get("n.N");
    }

    /** {@code top()} awaits at its maximum stack depth: the pushed reason needs one more slot. */
    @Test
    void theAwaitsOfARefusedClassThrowTheReasonAndTheRestIsUnchanged() throws Throwable {
        assertThrows(WeaveException.class, () -> new Weaver().weave(refused()));
        byte[] redirected = NotWovenRedirect.redirect(refused(), "the agent refused class n.N:\n  N.java:14: ...");
        assertNotNull(redirected);
        ClassLoader loader = load(redirected);

        for (Object[] call : new Object[][] {{"good", true}, {"good", false}, {"stage"}, {"top"}, {"io", null}}) {
            NotWovenError e = assertThrows(NotWovenError.class, () -> invoke(loader, call));
            assertEquals("Weft.await(...) was called in a method that has not been woven: the agent refused class n.N:\n"
                    + "  N.java:14: ...", e.getMessage());
            assertEquals("n.N", e.getStackTrace()[1].getClassName(), "thrown by NotWoven, called from the user's method");
        }
        assertEquals(42, invoke(loader, new Object[] {"plain", 21}));
        assertEquals(code(refused(), "plain"), code(redirected, "plain"));
        assertEquals(code(refused(), "<init>"), code(redirected, "<init>"));
    }

    @Test
    void aClassWithoutAwaitsIsLeftAlone() {
        byte[] noAwait = InMemoryCompiler.compile(17, Map.of("n.M", "package n; import dev.weft.*;"
                + " public class M { @Async static int f() { return 1; } }")).get("n.M");
        assertNull(NotWovenRedirect.redirect(noAwait, "why"));
        assertNull(NotWovenRedirect.redirectAwaits(noAwait, "why"));
    }

    @Test
    void anUnreadableClassIsLeftAloneWithoutThrowing() {
        assertNull(NotWovenRedirect.redirect("not a class, mentions dev/weft/Weft".getBytes(), "why"));
        byte[] cut = java.util.Arrays.copyOf(refused(), refused().length / 2);
        assertNull(NotWovenRedirect.redirect(cut, "why"));
    }

    @Test
    void aClassWovenInThisFormatIsLeftAlone() throws Exception {
        byte[] woven = new Weaver().weave(InMemoryCompiler.compile(17, Map.of("n.W", "package n; import dev.weft.*;"
                + " public class W { @Async public static Coroutine<Integer> f() { return Coroutine.of(Weft.await(Coroutine.of(1))); } }"))
                .get("n.W")).bytes();
        assertNull(NotWovenRedirect.redirect(woven, "why"));
        assertNull(NotWovenRedirect.redirectAwaits(woven, "why"));
    }

    /** Woven code of another format cannot run on this runtime: each @Async method throws the reason at the call. */
    @Test
    void theAsyncMethodsOfAClassWovenInAnotherFormatThrowTheReason() throws Throwable {
        byte[] stale = withFormat(new Weaver().weave(InMemoryCompiler.compile(17, Map.of("n.S", "package n;\n"
                + "import dev.weft.*;\npublic class S {\n"
                + "  @Async public static Coroutine<Integer> f(int v) {\n"
                + "    return Coroutine.of(Weft.await(Coroutine.of(v)) + 1);\n"
                + "  }\n"
                + "  public static int plain() { return 7; }\n"
                + "}\n")).get("n.S")).bytes(), 1);
        assertNull(NotWovenRedirect.redirectAwaits(stale, "why"), "only a refusal may say so");

        byte[] redirected = NotWovenRedirect.redirect(stale, "woven by another version of Weft: recompile it");
        assertNotNull(redirected);
        ClassLoader loader = load(redirected);
        NotWovenError e = assertThrows(NotWovenError.class, () -> invoke(loader, new Object[] {"f", 1}));
        assertEquals("this @Async method cannot run: woven by another version of Weft: recompile it", e.getMessage());
        assertEquals(new StackTraceElement("n.S", "f", "S.java", 5).toString(), e.getStackTrace()[0].toString(),
                "thrown at the @Async method's first line");
        assertEquals(7, invoke(loader, new Object[] {"plain"}));
        MethodNode body = read(redirected).methods.stream().filter(m -> m.name.startsWith("lambda$f$weft")).findFirst().orElseThrow();
        assertTrue(code(redirected, body.name).contains("NotWoven.refused"), "the unreachable body cannot run the old code either");
    }

    @Test
    void aVeryLongReasonIsCut() throws Throwable {
        String why = "x".repeat(NotWovenRedirect.MAX_REASON_CHARS + 100);
        ClassLoader loader = load(NotWovenRedirect.redirect(refused(), why));
        NotWovenError e = assertThrows(NotWovenError.class, () -> invoke(loader, new Object[] {"stage"}));
        assertTrue(e.getMessage().endsWith("x... (cut; the agent's report on the standard error has it all)"), e.getMessage());
    }

    /** Verifies with ASM's CheckClassAdapter (full data flow), then defines it: the JVM verifies it again. */
    private static ClassLoader load(byte[] classFile) throws ClassNotFoundException {
        String name = read(classFile).name.replace('/', '.');
        BytesClassLoader loader = new BytesClassLoader(Map.of(name, classFile), NotWovenRedirectTest.class.getClassLoader());
        WovenLoader.verify(name, classFile, loader);
        loader.loadClass(name);
        return loader;
    }

    /** Calls static method {@code call[0]} with the arguments that follow; the first class the loader defines. */
    private static Object invoke(ClassLoader loader, Object[] call) throws Throwable {
        Map<String, byte[]> classes = ((BytesClassLoader) loader).classes();
        Class<?> c = loader.loadClass(classes.keySet().iterator().next());
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(call[0]) && m.getParameterCount() == call.length - 1) {
                Object[] args = java.util.Arrays.copyOfRange(call, 1, call.length);
                try {
                    Object result = m.invoke(null, args);
                    return result instanceof Coroutine ? dev.weft.Weft.run((Coroutine<?>) result) : result;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + call[0]);
    }

    private static byte[] withFormat(byte[] woven, int format) {
        ClassNode cls = read(woven);
        AnnotationNode marker = cls.invisibleAnnotations.stream()
                .filter(a -> a.desc.equals(RuntimeNames.WOVEN_MARKER_DESC)).findFirst().orElseThrow();
        marker.values = new java.util.ArrayList<>(List.of(RuntimeNames.WOVEN_MARKER_FORMAT, format));
        ClassWriter w = new ClassWriter(0);
        cls.accept(w);
        return w.toByteArray();
    }

    private static String code(byte[] classFile, String name) {
        MethodNode m = read(classFile).methods.stream().filter(x -> x.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
        Textifier text = new Textifier();
        m.accept(new TraceMethodVisitor(text));
        StringWriter out = new StringWriter();
        text.print(new PrintWriter(out));
        return m.maxStack + " " + m.maxLocals + " " + out;
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode cls = new ClassNode();
        new ClassReader(classFile).accept(cls, 0);
        return cls;
    }
}
