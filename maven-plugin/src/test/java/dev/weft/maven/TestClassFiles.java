package dev.weft.maven;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generates small class files with ASM, so the tests need no compiler and no fixture files. */
final class TestClassFiles {
    private TestClassFiles() {
    }

    /** A class with a constructor and one method, naming nothing of Weft. */
    static byte[] plain(String internalName) {
        ClassWriter cw = publicClass(internalName);
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
     * A class whose method {@code run()} calls {@code Weft.await(Awaitable)} without being {@code @Async}:
     * the weaver must refuse it.
     */
    static byte[] awaitWithoutAsync(String internalName) {
        ClassWriter cw = publicClass(internalName);
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

    /**
     * What a weaver bug could produce: a class whose body method {@code run$weft0(Object)} calls
     * {@code String.length()} on its Object argument without a checkcast. It does not verify.
     */
    static byte[] illTypedBody(String internalName) {
        ClassWriter cw = publicClass(internalName);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "run$weft0", "(Ljava/lang/Object;)I", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** The internal name of the class in a class file. */
    static String nameOf(byte[] classFile) {
        return new ClassReader(classFile).getClassName();
    }

    /** Writes {@code bytes} to {@code directory/<internalName>.class}, creating packages as needed. */
    static Path write(Path directory, String internalName, byte[] bytes) throws IOException {
        Path file = directory.resolve(internalName + ".class");
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** A public Java 17 class with its source file attribute and a constructor; methods to be added. */
    private static ClassWriter publicClass(String internalName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        cw.visitSource(simpleName(internalName) + ".java", null);
        constructor(cw);
        return cw;
    }

    private static void constructor(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
