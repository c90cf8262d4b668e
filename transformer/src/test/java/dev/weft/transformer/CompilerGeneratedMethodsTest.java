package dev.weft.transformer;

import dev.weft.transformer.testing.InMemoryCompiler;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Methods a compiler generated that carry a copy of {@code @Async}: javac's bridges (generic interface and
 * superclass, covariant return, visibility, interface, enum and record bridges), the accessor of an
 * {@code @Async} record component, and synthetic shapes other compilers write (built here with ASM). Each is
 * left as the compiler wrote it unless it awaits itself; the method it forwards to gets the one coroutine body.
 */
class CompilerGeneratedMethodsTest {
    private static final String SHAPES = "package b;\n"
            + "import dev.weft.*;\nimport java.time.Duration;\nimport static dev.weft.Weft.await;\n"
            + "public class Shapes {\n"
            + "  public interface Source<T> { Coroutine<T> get(T key); }\n"
            + "  public static class S implements Source<String> {\n"
            + "    @Async public Coroutine<String> get(String key) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(key + '!'); }\n"
            + "  }\n"
            + "  public interface Getter { Awaitable<String> get(); }\n"
            + "  public static class G implements Getter {\n"
            + "    @Async public Coroutine<String> get() { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(\"g\"); }\n"
            + "  }\n"
            + "  static class ObjBase { Object id() { return \"plain\"; } }\n"
            + "  static class ObjSub extends ObjBase {\n"
            + "    @Async Coroutine<String> id() { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(\"sub\"); }\n"
            + "  }\n"
            + "  static abstract class Base<T> {\n"
            + "    @Async Coroutine<String> show(T t) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(\"base\" + t); }\n"
            + "  }\n"
            + "  static class IntBase extends Base<Integer> {\n"
            + "    @Async Coroutine<String> show(Integer t) { String s = await(super.show(t)); return Coroutine.of(s + \"+int\"); }\n"
            + "  }\n"
            + "  static class Mid<U extends Number> extends Base<U> {\n"
            + "    @Async Coroutine<String> show(U u) { String s = await(super.show(u)); return Coroutine.of(s + \"+mid\"); }\n"
            + "  }\n"
            + "  static class Leaf extends Mid<Long> {\n"
            + "    @Async Coroutine<String> show(Long l) { String s = await(super.show(l)); return Coroutine.of(s + \"+leaf\"); }\n"
            + "  }\n"
            + "  interface DSource<T> { @Async default Coroutine<T> get(T k) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(k); } }\n"
            + "  interface StrSource extends DSource<String> {\n"
            + "    @Async default Coroutine<String> get(String k) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(k + '?'); }\n"
            + "  }\n"
            + "  enum E implements Source<String> {\n"
            + "    A { @Async public Coroutine<String> get(String k) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(\"A\" + k); } },\n"
            + "    B;\n"
            + "    @Async public Coroutine<String> get(String k) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(\"E\" + k); }\n"
            + "  }\n"
            + "  @Async static Coroutine<String> all() {\n"
            + "    Source<String> s = new S();\n"
            + "    StringBuilder r = new StringBuilder();\n"
            + "    r.append(await(s.get(\"via-interface\"))).append(',').append(await(new S().get(\"direct\"))).append(',');\n"
            + "    Getter g = new G();\n"
            + "    r.append(await(g.get())).append(',');\n"
            + "    ObjBase o = new ObjSub();\n"
            + "    r.append(await((Coroutine<?>) o.id())).append(',');\n"
            + "    Base<Integer> b = new IntBase();\n"
            + "    r.append(await(b.show(7))).append(',');\n"
            + "    Base<Long> leaf = new Leaf();\n"
            + "    r.append(await(leaf.show(8L))).append(',');\n"
            + "    DSource<String> d = new StrSource() { };\n"
            + "    r.append(await(d.get(\"d\"))).append(',');\n"
            + "    Source<String> a = E.A, e = E.B;\n"
            + "    r.append(await(a.get(\"1\"))).append(await(e.get(\"2\"))).append(',');\n"
            + "    r.append(await(new p.VisPub().hello()));\n"
            + "    return Coroutine.of(r.toString());\n"
            + "  }\n"
            + "  @SuppressWarnings({\"rawtypes\", \"unchecked\"})\n"
            + "  public static String rawCall() {\n"
            + "    Source raw = new S();\n"
            + "    try { raw.get(42); return \"no ClassCastException at the call\"; }\n"
            + "    catch (ClassCastException e) { return \"ClassCastException at the call\"; }\n"
            + "  }\n"
            + "  public static Object run() { return Weft.run(all()); }\n"
            + "}\n";
    /** A public class inheriting a public {@code @Async} method of a package-private class: a visibility bridge. */
    private static final Map<String, String> VISIBILITY = Map.of(
            "p.VisBase", "package p;\nimport dev.weft.*;\nimport static dev.weft.Weft.await;\n"
                    + "class VisBase { @Async public Coroutine<String> hello() {"
                    + " await(Weft.sleep(java.time.Duration.ZERO)); return Coroutine.of(\"hello\"); } }\n",
            "p.VisPub", "package p;\npublic class VisPub extends VisBase { }\n");
    private static final String RECORDS = "package r;\n"
            + "import dev.weft.*;\nimport java.time.Duration;\nimport static dev.weft.Weft.await;\n"
            + "public class Records {\n"
            + "  public interface Source<T> { Coroutine<T> get(T key); }\n"
            + "  record R(int n) implements Source<String> {\n"
            + "    @Async public Coroutine<String> get(String k) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(k + n); }\n"
            + "  }\n"
            + "  record Job(@Async Coroutine<Integer> work) { }\n"
            + "  record Explicit(@Async Coroutine<Integer> work) {\n"
            + "    @Async public Coroutine<Integer> work() { return Coroutine.of(await(work) + 1); }\n"
            + "  }\n"
            + "  @Async static Coroutine<Integer> answer() { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(41); }\n"
            + "  public static boolean accessorReturnsTheStoredCoroutine() { Coroutine<Integer> c = answer(); return new Job(c).work() == c; }\n"
            + "  @Async static Coroutine<String> all() {\n"
            + "    Source<String> s = new R(5);\n"
            + "    return Coroutine.of(await(s.get(\"r\")) + ',' + await(new Job(answer()).work()) + ',' + await(new Explicit(answer()).work()));\n"
            + "  }\n"
            + "  public static Object run() { return Weft.run(all()); }\n"
            + "}\n";

    @ParameterizedTest
    @ValueSource(ints = {8, 17})
    void bridgesAreLeftAsJavacWroteThemAndTheBridgedMethodsGetOneBodyEach(int release) throws Throwable {
        Map<String, String> sources = new HashMap<>(VISIBILITY);
        sources.put("b.Shapes", SHAPES);
        Map<String, byte[]> compiled = InMemoryCompiler.compile(release, sources);
        int bridges = assertOneBodyPerWrittenAsyncMethod(compiled, Set.of());
        assertEquals(11, bridges, "javac copied @Async onto the bridges of S, G, ObjSub, IntBase, Mid, Leaf (two), StrSource,"
                + " E, E$1 and VisPub");

        WovenLoader loader = WovenLoader.weaveAndLoad(compiled);
        assertEquals("via-interface!,direct!,g,sub,base7+int,base8+mid+leaf,d?,A1E2,hello", call(loader, "b.Shapes", "run"));
        assertEquals("ClassCastException at the call", call(loader, "b.Shapes", "rawCall"));
    }

    @Test
    void recordBridgesAndTheAccessorsOfAsyncComponentsAreLeftAsWritten() throws Throwable {
        Map<String, byte[]> compiled = InMemoryCompiler.compile(17, Map.of("r.Records", RECORDS));
        assertEquals(1, assertOneBodyPerWrittenAsyncMethod(compiled, Set.of("r.Records$Job.work")));
        assertEquals(1, new Weaver().weave(compiled.get("r.Records$Explicit")).methodsWoven(), "an accessor the user wrote is woven");
        assertNull(new Weaver().weave(compiled.get("r.Records$Job")), "the accessor javac wrote is left alone");

        WovenLoader loader = WovenLoader.weaveAndLoad(compiled);
        assertEquals("r5,41,42", call(loader, "r.Records", "run"));
        assertEquals(true, call(loader, "r.Records", "accessorReturnsTheStoredCoroutine"));
    }

    /** A hand-made bridge that awaits cannot be a forwarder: it is refused, not woven and not passed over. */
    @Test
    void aBridgeThatAwaitsIsRefused() {
        byte[] classFile = handMade(Opcodes.ACC_PUBLIC | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC, "get", true);
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(classFile));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("K.java:5: k.K.get(): await(...) inside a bridge method"), e.getMessage());
    }

    /** Kotlin's {@code f$default}: a synthetic static forwarder; javac-made classes have none carrying @Async. */
    @Test
    void aSyntheticForwarderCarryingAsyncIsLeftAsWritten() throws Exception {
        byte[] classFile = handMade(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, "f$default", false);
        WovenClass woven = new Weaver().weave(classFile);
        assertEquals(1, woven.methodsWoven());
        assertEquals(code(classFile, "f$default"), code(woven.bytes(), "f$default"));
        assertEquals(List.of("lambda$f$weft0"), bodies(woven.bytes()));
    }

    /** A synthetic method that awaits holds a body a compiler moved there: it is woven like any @Async method. */
    @Test
    void aSyntheticMethodThatAwaitsIsWoven() throws Exception {
        byte[] classFile = handMade(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, "f$impl", true);
        WovenClass woven = new Weaver().weave(classFile);
        assertEquals(2, woven.methodsWoven());
        assertEquals(List.of("lambda$f$weft0", "lambda$f$impl$weft1"), bodies(woven.bytes()));
    }

    /** A synthetic method that carries @Async only as a holder (returning void) is not a misuse. */
    @Test
    void aSyntheticAnnotationHolderIsNotRefused() throws Exception {
        ClassWriter cw = start();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                "getWork$annotations", "()V", null, null);
        mv.visitAnnotation("Ldev/weft/Async;", true).visitEnd();
        mv.visitCode();
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        assertNull(new Weaver().weave(cw.toByteArray()));
    }

    /**
     * Checks every compiled class against its woven form: one {@code $weft} body per {@code @Async} method the
     * user wrote, and every bridge's code exactly as the compiler wrote it.
     *
     * @param accessors the record accessors javac wrote, {@code pkg.Record.component}, which carry @Async too
     * @return how many bridges carrying {@code @Async} there were
     */
    private static int assertOneBodyPerWrittenAsyncMethod(Map<String, byte[]> compiled, Set<String> accessors)
            throws WeaveException {
        int bridges = 0;
        for (Map.Entry<String, byte[]> e : compiled.entrySet()) {
            ClassNode in = read(e.getValue());
            int written = 0;
            for (MethodNode m : in.methods) {
                if (!hasAsync(m)) {
                    continue;
                }
                if ((m.access & Opcodes.ACC_BRIDGE) != 0) {
                    bridges++;
                } else if (!accessors.contains(e.getKey() + "." + m.name)) {
                    written++;
                }
            }
            WovenClass woven = new Weaver().weave(e.getValue());
            if (written == 0) {
                assertNull(woven, e.getKey() + " has nothing to weave");
                continue;
            }
            assertNotNull(woven, e.getKey());
            assertEquals(written, woven.methodsWoven(), e.getKey());
            assertEquals(written, bodies(woven.bytes()).size(), e.getKey() + ": " + bodies(woven.bytes()));
            for (MethodNode m : in.methods) {
                if ((m.access & Opcodes.ACC_BRIDGE) != 0) {
                    assertEquals(code(e.getValue(), m.name + m.desc), code(woven.bytes(), m.name + m.desc),
                            e.getKey() + "." + m.name + m.desc + " is the compiler's bridge");
                }
            }
        }
        return bridges;
    }

    private static boolean hasAsync(MethodNode m) {
        if (m.visibleAnnotations == null) {
            return false;
        }
        for (AnnotationNode a : m.visibleAnnotations) {
            if (a.desc.equals("Ldev/weft/Async;")) {
                return true;
            }
        }
        return false;
    }

    /** The names of the bodies the weaver added, in class order. */
    private static List<String> bodies(byte[] classFile) {
        return read(classFile).methods.stream().map(m -> m.name).filter(n -> n.contains("$weft")).toList();
    }

    /** The method's access flags and code, as text; {@code nameAndDesc} may be a name alone. */
    private static String code(byte[] classFile, String nameAndDesc) {
        MethodNode m = read(classFile).methods.stream()
                .filter(x -> (x.name + x.desc).equals(nameAndDesc) || x.name.equals(nameAndDesc)).findFirst()
                .orElseThrow(() -> new AssertionError("no method " + nameAndDesc));
        Textifier text = new Textifier();
        m.accept(new TraceMethodVisitor(text));
        StringWriter out = new StringWriter();
        text.print(new PrintWriter(out));
        return m.access + " " + out;
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode cls = new ClassNode();
        new ClassReader(classFile).accept(cls, 0);
        return cls;
    }

    private static Object call(ClassLoader loader, String className, String method) throws Throwable {
        try {
            return loader.loadClass(className).getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Class {@code k.K} with {@code @Async static Coroutine f()} (awaits at line 3) and one more method carrying
     * {@code @Async} with the given flags and name, which returns {@code f()} (line 5), after awaiting if
     * {@code awaits}.
     */
    private static byte[] handMade(int access, String name, boolean awaits) {
        ClassWriter cw = start();
        asyncMethod(cw, Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f", 3, mv -> {
            awaitZeroSleep(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Coroutine", "of", "(Ljava/lang/Object;)Ldev/weft/Coroutine;", false);
        });
        asyncMethod(cw, access, name, 5, mv -> {
            if (awaits) {
                awaitZeroSleep(mv);
                mv.visitInsn(Opcodes.POP);
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "k/K", "f", "()Ldev/weft/Coroutine;", false);
        });
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void asyncMethod(ClassWriter cw, int access, String name, int line, Consumer<MethodVisitor> body) {
        MethodVisitor mv = cw.visitMethod(access, name, "()Ldev/weft/Coroutine;", null, null);
        mv.visitAnnotation("Ldev/weft/Async;", true).visitEnd();
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        mv.visitLineNumber(line, start);
        if ((access & Opcodes.ACC_STATIC) == 0) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.POP);
        }
        body.accept(mv);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void awaitZeroSleep(MethodVisitor mv) {
        mv.visitFieldInsn(Opcodes.GETSTATIC, "java/time/Duration", "ZERO", "Ljava/time/Duration;");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "sleep", "(Ljava/time/Duration;)Ldev/weft/Awaitable;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", false);
    }

    private static ClassWriter start() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "k/K", null, "java/lang/Object", null);
        cw.visitSource("K.java", null);
        return cw;
    }
}
