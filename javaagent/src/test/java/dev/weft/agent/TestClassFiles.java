package dev.weft.agent;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Generates small class files with ASM, so the tests need no compiler and no fixture files. */
final class TestClassFiles {
    private TestClassFiles() {
    }

    /** A class with one static method, naming nothing of Weft. */
    static byte[] plain(String internalName) {
        ClassWriter cw = start(internalName);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "answer", "()I", null, null);
        mv.visitCode();
        mv.visitIntInsn(Opcodes.BIPUSH, 42);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * A class whose method {@code run()} calls {@code Weft.await(Awaitable)} at line 12 without being
     * {@code @Async}: the weaver must refuse it.
     */
    static byte[] awaitWithoutAsync(String internalName) {
        ClassWriter cw = start(internalName);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        mv.visitCode();
        Label line = new Label();
        mv.visitLabel(line);
        mv.visitLineNumber(12, line);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "dev/weft/Awaitable");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", false);
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A class naming {@code dev/weft/} (it calls {@code Weft.sleep}) without calling {@code Weft.await}. */
    static byte[] mentionsWeftWithoutAwait(String internalName) {
        ClassWriter cw = start(internalName);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "sleep", "(Ljava/time/Duration;)Ldev/weft/Awaitable;", false);
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Not a class file, but it names {@code dev/weft/}, so the cheap pre-check lets it through. */
    static byte[] corruptedMentioningWeft() {
        byte[] bytes = Arrays.copyOf(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61}, 64);
        byte[] mark = "dev/weft/Weft".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mark, 0, bytes, 20, mark.length);
        return bytes;
    }

    /** A class file truncated in its middle, after a constant pool entry naming {@code dev/weft/}. */
    static byte[] truncated(byte[] classFile) {
        return Arrays.copyOf(classFile, classFile.length / 2);
    }

    private static ClassWriter start(String internalName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        cw.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return cw;
    }
}
