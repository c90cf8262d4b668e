package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The verifier frame before every instruction of a method, computed without loading classes and without
 * merging: a class file of version 50 or later declares a frame (StackMapTable entry) at every jump target
 * and handler, so walking the instructions in order — taking the declared frame where there is one, and
 * the effect of the previous instruction elsewhere — gives the exact types the JVM's verifier uses.
 *
 * <p>Frames of unreachable instructions (after a jump, with no declared frame) are null.
 */
final class FrameTracker {
    private FrameTracker() {
    }

    static Frame<TypedValue>[] compute(String owner, MethodNode method) throws AnalyzerException {
        InsnList insns = method.instructions;
        @SuppressWarnings("unchecked")
        Frame<TypedValue>[] frames = (Frame<TypedValue>[]) new Frame<?>[insns.size()];
        TypedInterpreter interpreter = new TypedInterpreter();
        Frame<TypedValue> current = initialFrame(owner, method);
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (insn instanceof FrameNode) {
                current = FrameNodes.toFrame((FrameNode) insn, method.maxLocals, method.maxStack);
            }
            frames[i] = current;
            if (current == null || insn.getOpcode() < 0) {
                continue;
            }
            Frame<TypedValue> next = new Frame<>(current);
            TypedValue receiver = constructedReceiver(insn, current);
            next.execute(insn, interpreter);
            if (receiver != null) {
                markInitialized(next, receiver, ((MethodInsnNode) insn).owner);
            }
            current = endsBlock(insn.getOpcode()) ? null : next;
        }
        return frames;
    }

    static Frame<TypedValue> initialFrame(String owner, MethodNode method) {
        Frame<TypedValue> frame = new Frame<>(method.maxLocals, method.maxStack);
        int slot = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            frame.setLocal(slot++, "<init>".equals(method.name)
                    ? TypedValue.UNINITIALIZED_THIS : TypedValue.reference(Type.getObjectType(owner)));
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            TypedValue v = TypedValue.of(t);
            frame.setLocal(slot++, v);
            if (v.getSize() == 2) {
                frame.setLocal(slot++, TypedValue.TOP);
            }
        }
        for (; slot < method.maxLocals; slot++) {
            frame.setLocal(slot, TypedValue.TOP);
        }
        return frame;
    }

    /** For a constructor call, the uninitialized value it initializes; else null. */
    private static TypedValue constructedReceiver(AbstractInsnNode insn, Frame<TypedValue> frame) {
        if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !"<init>".equals(((MethodInsnNode) insn).name)) {
            return null;
        }
        int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
        TypedValue receiver = frame.getStack(frame.getStackSize() - 1 - args);
        return receiver.isUninitialized() ? receiver : null;
    }

    /** After {@code <init>}, every copy of the uninitialized object becomes an initialized reference. */
    private static void markInitialized(Frame<TypedValue> frame, TypedValue uninitialized, String type) {
        TypedValue initialized = TypedValue.reference(Type.getObjectType(
                uninitialized.kind == TypedValue.Kind.UNINITIALIZED
                        ? ((org.objectweb.asm.tree.TypeInsnNode) uninitialized.newInsn).desc : type));
        for (int i = 0; i < frame.getLocals(); i++) {
            if (uninitialized.equals(frame.getLocal(i))) {
                frame.setLocal(i, initialized);
            }
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            if (uninitialized.equals(frame.getStack(i))) {
                frame.setStack(i, initialized);
            }
        }
    }

    static boolean endsBlock(int opcode) {
        switch (opcode) {
            case Opcodes.GOTO:
            case Opcodes.ATHROW:
            case Opcodes.TABLESWITCH:
            case Opcodes.LOOKUPSWITCH:
            case Opcodes.IRETURN:
            case Opcodes.LRETURN:
            case Opcodes.FRETURN:
            case Opcodes.DRETURN:
            case Opcodes.ARETURN:
            case Opcodes.RETURN:
            case Opcodes.RET:
                return true;
            default:
                return false;
        }
    }
}
