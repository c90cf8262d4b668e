package dev.weft.transformer;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An await in a method the Scala compiler made (a function literal's body, a lifted try expression) is refused
 * with what made the method and how to rewrite it, not with "annotate this method @Async". The class files here
 * have the Scala compilers' names and flags (the end-to-end test, ScalaIT, compiles real Scala).
 */
class ScalaGeneratedTest {
    private static byte[] classWithAwaitsIn(String... syntheticMethods) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "s/Main$", null, "java/lang/Object", null);
        cw.visitSource("Main.scala", null);
        for (String name : syntheticMethods) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL
                    | Opcodes.ACC_SYNTHETIC, name, "(Ldev/weft/Awaitable;)Ljava/lang/Object;", null, null);
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static List<String> messages(byte[] classFile) {
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(classFile));
        return e.problems().stream().map(WeaveProblem::message).toList();
    }

    @Test
    void aFunctionLiteralOfScala2Or3NamesItsEnclosingMethodAndTheWhileLoopToWriteInstead() {
        List<String> messages = messages(classWithAwaitsIn("$anonfun$total$1", "total$$anonfun$1"));
        assertEquals(2, messages.size(), messages::toString);
        for (String m : messages) {
            assertTrue(m.startsWith("await(...) inside a Scala function literal (in total): the body of a for"
                    + " comprehension (foreach, map, flatMap)"), m);
            assertTrue(m.contains("Write the loop as a while loop in the @Async method"), m);
            assertTrue(!m.contains("Annotate this method @Async"), m);
        }
    }

    @Test
    void aLiftedTryExpressionSaysToBindTheTrysResultToALocalFirst() {
        List<String> messages = messages(classWithAwaitsIn("liftedTree1$1"));
        assertEquals(List.of("await(...) inside a Scala try expression used as a value inside a larger expression: the"
                + " compiler lifted the try into the method liftedTree1$1, which cannot suspend. Bind the try's result"
                + " to a local of its own first (val r = try { ... } catch { ... }), then use r in the expression"), messages);
    }

    @Test
    void aUsersOwnMethodWithSuchANameIsToldToBecomeAsync() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "s/Own", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "liftedTree1$1", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        List<String> messages = messages(cw.toByteArray());
        assertTrue(messages.get(0).contains("Annotate this method @Async"), messages::toString);
    }
}
