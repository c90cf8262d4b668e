package dev.weft.transformer;

import dev.weft.transformer.testing.InMemoryCompiler;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class WovenClassVerifierTest {
    private static final ClassLoader TEST_CLASSES = WovenClassVerifierTest.class.getClassLoader();

    @Test
    void aCorrectlyWovenClassPasses() throws Exception {
        Map<String, byte[]> compiled = InMemoryCompiler.compile(17, Map.of("v.V", """
                package v;
                import dev.weft.*;
                import java.time.Duration;
                import static dev.weft.Weft.await;
                public class V {
                    static final class Box { final String s; Box(String s) { this.s = s; } }
                    @Async static Coroutine<Integer> f(String s, long n) {
                        Box b = new Box(s + await(Weft.sleep(Duration.ZERO)));
                        for (int i = 0; i < n; i++) { await(Weft.sleep(Duration.ZERO)); }
                        return Coroutine.of(b.s.length());
                    }
                }
                """));
        WovenLoader project = WovenLoader.weaveAndLoad(compiled);
        WovenClass woven = project.woven().get("v.V");
        assertEquals(List.of(), new WovenClassVerifier(project).check(woven));
    }

    @Test
    void anIllTypedWovenMethodIsAProblemNamingTheMethod() {
        // what a weaver bug looks like: a restored local used as a String without its checkcast
        byte[] bytes = classWithBody("v/Bad", "java/lang/String");
        List<WeaveProblem> problems = new WovenClassVerifier(TEST_CLASSES).check(new WovenClass("v.Bad", bytes, 1));
        assertEquals(1, problems.size(), problems::toString);
        String p = problems.get(0).toString();
        assertTrue(p.startsWith("Bad.java: v.Bad.run$weft0(Object): weaving produced bytecode that does not verify"), p);
        assertTrue(p.contains("expected Ljava/lang/String;, but found Ljava/lang/Object;"), p);
        assertTrue(p.contains("This is a Weft bug"), p);
    }

    @Test
    void aMethodNamingAClassMissingFromTheClassPathIsNotJudged() {
        byte[] bytes = classWithBody("v/Elsewhere", "no/such/Type");
        assertEquals(List.of(), new WovenClassVerifier(TEST_CLASSES).check(new WovenClass("v.Elsewhere", bytes, 1)));
    }

    @Test
    void methodsTheWeaverDidNotWriteAreNotChecked() {
        byte[] bytes = classWithBody("v/Plain", "java/lang/String", "run");
        assertEquals(List.of(), new WovenClassVerifier(TEST_CLASSES).check(new WovenClass("v.Plain", bytes, 1)));
    }

    private static byte[] classWithBody(String internalName, String receiver) {
        return classWithBody(internalName, receiver, "run$weft0");
    }

    /** A class whose static method {@code name(Object)} calls {@code receiver.length()} on its Object argument. */
    private static byte[] classWithBody(String internalName, String receiver, String name) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        cw.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, name, "(Ljava/lang/Object;)I", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (!receiver.equals("java/lang/String")) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, receiver);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "v/Helper", "use", "(Lno/such/Other;)I", false);
        } else {
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, receiver, "length", "()I", false);
        }
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
