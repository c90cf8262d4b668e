package dev.weft.transformer;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Weft;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bytecode no Java compiler emits, written by hand with ASM: an unconstructed object parked in a local across
 * an await, DUP_X2/DUP2_X2 shuffles around a suspension, jsr/ret. The weaver must weave such a method so
 * that it verifies and computes what the original would, or refuse it with a clear message; never emit a
 * class the JVM rejects.
 */
public class HandMadeBytecodeTest {
    private static final String OWNER = "hm/H";
    private static final String AWAIT_DESC = "(Ldev/weft/Awaitable;)Ljava/lang/Object;";

    /** The awaitable the hand-made methods wait on: completes with {@code v} on the loop's next pass. */
    public static final class Later {
        private Later() {
        }

        public static Awaitable<Integer> of(int v) {
            Promise<Integer> p = new Promise<>();
            EventLoop.current().callSoon(() -> p.complete(v));
            return p;
        }
    }

    /** Pushes {@code await(Later.of(v))} as an int: the method suspends here. */
    private static void awaitInt(MethodVisitor mv, int v) {
        mv.visitIntInsn(Opcodes.BIPUSH, v);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/transformer/HandMadeBytecodeTest$Later", "of", "(I)Ldev/weft/Awaitable;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", AWAIT_DESC, false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Integer");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
    }

    /** {@code return Coroutine.of(<the int or object on the stack>)}. */
    private static void returnInt(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        returnObject(mv);
    }

    private static void returnObject(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Coroutine", "of", "(Ljava/lang/Object;)Ldev/weft/Coroutine;", false);
        mv.visitInsn(Opcodes.ARETURN);
    }

    /** A class {@code hm.H} at {@code version} with one {@code @Async static Coroutine f()}, straight-line code. */
    private static byte[] asyncClass(int version, Consumer<MethodVisitor> body) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, OWNER, null, "java/lang/Object", null);
        cw.visitSource("H.java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f", "()Ldev/weft/Coroutine;", null, null);
        mv.visitAnnotation("Ldev/weft/Async;", true).visitEnd();
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        mv.visitLineNumber(3, start);
        body.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Weaves, verifies (ASM's analyzer and then the JVM's), runs {@code f()} on a loop: its result. */
    private static Object weaveAndRun(byte[] classFile) throws Throwable {
        WovenLoader loader = WovenLoader.weaveAndLoad(Map.of("hm.H", classFile));
        assertTrue(loader.woven().containsKey("hm.H"), "the @Async method was woven");
        try {
            Coroutine<?> c = (Coroutine<?>) loader.loadClass("hm.H").getMethod("f").invoke(null);
            return Weft.run(c);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void anUnconstructedObjectParkedInALocalAcrossAnAwait() throws Throwable {
        // new StringBuilder(await(later(16))) with a copy of the unconstructed object kept in local 0, used after <init>
        byte[] classFile = asyncClass(Opcodes.V1_8, mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ASTORE, 0);
            awaitInt(mv, 16);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(I)V", false);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitLdcInsn("parked");
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append", "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
            returnObject(mv);
        });
        assertEquals("parked", weaveAndRun(classFile));
    }

    @Test
    void anUnconstructedObjectOnlyInALocalAcrossAnAwait() throws Throwable {
        // the stack holds nothing unconstructed at the await: the object lives in local 0 alone, and is reloaded
        byte[] classFile = asyncClass(Opcodes.V1_8, mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitVarInsn(Opcodes.ASTORE, 0);
            awaitInt(mv, 16);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(I)V", false);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "capacity", "()I", false);
            returnInt(mv);
        });
        assertEquals(16, weaveAndRun(classFile));
    }

    @Test
    void dupX2OfThreeIntsBeforeAnAwait() throws Throwable {
        byte[] classFile = asyncClass(Opcodes.V1_8, mv -> {
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.ICONST_2);
            mv.visitInsn(Opcodes.ICONST_3);
            mv.visitInsn(Opcodes.DUP_X2);       // 3 1 2 3
            awaitInt(mv, 10);                   // 3 1 2 3 10
            mv.visitInsn(Opcodes.ISUB);         // 3 1 2 -7
            mv.visitInsn(Opcodes.IMUL);         // 3 1 -14
            mv.visitInsn(Opcodes.ISUB);         // 3 15
            mv.visitInsn(Opcodes.IMUL);         // 45
            returnInt(mv);
        });
        assertEquals(45, weaveAndRun(classFile));
    }

    @Test
    void dupX2OfAnIntUnderALongAroundAnAwait() throws Throwable {
        byte[] classFile = asyncClass(Opcodes.V1_8, mv -> {
            mv.visitLdcInsn(100L);
            mv.visitInsn(Opcodes.ICONST_5);
            mv.visitInsn(Opcodes.DUP_X2);       // 5 100L 5
            awaitInt(mv, 1);                    // 5 100L 5 1
            mv.visitInsn(Opcodes.IADD);         // 5 100L 6
            mv.visitInsn(Opcodes.I2L);          // 5 100L 6L
            mv.visitInsn(Opcodes.LMUL);         // 5 600L
            mv.visitInsn(Opcodes.L2I);          // 5 600
            mv.visitInsn(Opcodes.ISUB);         // -595
            returnInt(mv);
        });
        assertEquals(-595, weaveAndRun(classFile));
    }

    @Test
    void dup2X2OfLongsAroundAnAwait() throws Throwable {
        byte[] classFile = asyncClass(Opcodes.V1_8, mv -> {
            mv.visitLdcInsn(7L);
            mv.visitLdcInsn(8L);
            mv.visitInsn(Opcodes.DUP2_X2);      // 8L 7L 8L
            awaitInt(mv, 3);                    // 8L 7L 8L 3
            mv.visitInsn(Opcodes.I2L);
            mv.visitInsn(Opcodes.LSUB);         // 8L 7L 5L
            mv.visitInsn(Opcodes.LMUL);         // 8L 35L
            mv.visitInsn(Opcodes.LSUB);         // -27L
            mv.visitInsn(Opcodes.L2I);
            returnInt(mv);
        });
        assertEquals(-27, weaveAndRun(classFile));
    }

    @Test
    void anIntBelowAnUnconstructedObjectAcrossAnAwait() throws Throwable {
        byte[] classFile = asyncClass(Opcodes.V1_8, mv -> {
            mv.visitInsn(Opcodes.ICONST_2);
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitInsn(Opcodes.DUP);          // 2 u u
            awaitInt(mv, 4);                    // 2 u u 4
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(I)V", false);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "capacity", "()I", false);
            mv.visitInsn(Opcodes.IMUL);         // 8
            returnInt(mv);
        });
        assertEquals(8, weaveAndRun(classFile));
    }

    /** A shape neither javac nor ecj emits: refused, naming the method, the line and the reason. */
    @Test
    void dupX2SlipsTheAwaitedValueUnderTwoUnconstructedCopies() {
        byte[] classFile = asyncClass(Opcodes.V1_8, mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitInsn(Opcodes.DUP);          // u u
            awaitInt(mv, 4);                    // u u 4
            mv.visitInsn(Opcodes.DUP_X2);       // 4 u u 4
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(I)V", false);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "capacity", "()I", false);
            mv.visitInsn(Opcodes.IMUL);         // 16
            returnInt(mv);
        });
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(classFile));
        assertEquals("H.java:3: hm.H.f(): 'new java.lang.StringBuilder(...)' around an await is used (opcode 91) before"
                + " its constructor runs, which javac and ecj never do; this bytecode cannot be woven", e.getMessage());
    }

    @Test
    void jsrAndRetInAnOldClassFileAreRefusedClearly() {
        // a Java 5 class file: jsr/ret were still allowed; Weft weaves Java 8 and later only
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(withJsr(Opcodes.V1_5)));
        assertTrue(e.getMessage().contains("hm.H"), e.getMessage());
        assertTrue(e.getMessage().contains("older than Java 8"), e.getMessage());
    }

    @Test
    void jsrInAJava8ClassFileIsRefusedNotWoven() {
        // not a valid Java 8 class file (the JVM rejects jsr from version 51): refused, never woven into something
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(withJsr(Opcodes.V1_8)));
        assertTrue(e.getMessage().contains("hm.H"), e.getMessage());
    }

    /** An {@code @Async} method that calls a subroutine (jsr, astore, ret) before awaiting. */
    private static byte[] withJsr(int version) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, OWNER, null, "java/lang/Object", null);
        cw.visitSource("H.java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f", "()Ldev/weft/Coroutine;", null, null);
        mv.visitAnnotation("Ldev/weft/Async;", true).visitEnd();
        mv.visitCode();
        Label sub = new Label();
        mv.visitJumpInsn(Opcodes.JSR, sub);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", AWAIT_DESC, false);
        returnObject(mv);
        mv.visitLabel(sub);
        mv.visitVarInsn(Opcodes.ASTORE, 0);
        mv.visitVarInsn(Opcodes.RET, 0);
        mv.visitMaxs(2, 1);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
