package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import static dev.weft.transformer.RuntimeNames.COMPACT_PRIM_SLOTS;
import static dev.weft.transformer.RuntimeNames.COMPACT_REF_SLOTS;
import static dev.weft.transformer.RuntimeNames.FIELD_SLOTS;
import static dev.weft.transformer.RuntimeNames.FRAME;
import static dev.weft.transformer.RuntimeNames.FRAME_WIDE;

/**
 * Emits the code that moves values between the JVM frame and the slots of the coroutine frame object
 * ({@code WovenCoroutine}): primitive slot {@code i} is field {@code j<i>} (or {@code jx[i-4]}), reference
 * slot {@code i} is field {@code a<i>} (or {@code ax[i-4]}). Every primitive travels as the raw bits of a
 * {@code long}; nothing is boxed. {@code j0}, {@code a0} and {@code a1} are fields of {@code WovenCoroutine}
 * itself; the other slots are fields of its subclass {@code WovenCoroutine$Wide}, which the runtime creates
 * for a method with more slots than that, so an access to one of them casts the frame first.
 */
final class FrameSlots implements Opcodes {
    private final int frameLocal;

    /** @param frameLocal the local variable holding the coroutine frame */
    FrameSlots(int frameLocal) {
        this.frameLocal = frameLocal;
    }

    /** The class declaring primitive slot {@code slot} (its field, or the overflow array). */
    private static String primOwner(int slot) {
        return slot < COMPACT_PRIM_SLOTS ? FRAME : FRAME_WIDE;
    }

    /** The class declaring reference slot {@code slot} (its field, or the overflow array). */
    private static String refOwner(int slot) {
        return slot < COMPACT_REF_SLOTS ? FRAME : FRAME_WIDE;
    }

    /** Pushes the frame, typed as {@code owner}. */
    private void loadFrame(InsnList code, String owner) {
        code.add(new VarInsnNode(ALOAD, frameLocal));
        castFrame(code, owner);
    }

    /** Casts the frame on top of the stack to {@code owner} when that is the wide frame class. */
    private static void castFrame(InsnList code, String owner) {
        if (owner.equals(FRAME_WIDE)) {
            code.add(new TypeInsnNode(CHECKCAST, FRAME_WIDE));
        }
    }

    /** Stores the value on top of the stack (of type {@code v}) into its slot; the stack loses it. */
    void storeFromStack(InsnList code, TypedValue v, int slot) {
        if (v.isPrimitive()) {
            toLongBits(code, v);
            if (slot < FIELD_SLOTS) {                       // [J]
                loadFrame(code, primOwner(slot));             // [J, f]
                code.add(new InsnNode(DUP_X2));               // [f, J, f]
                code.add(new InsnNode(POP));                  // [f, J]
                code.add(new FieldInsnNode(PUTFIELD, primOwner(slot), "j" + slot, "J"));
            } else {
                loadFrame(code, FRAME_WIDE);
                code.add(new FieldInsnNode(GETFIELD, FRAME_WIDE, "jx", "[J")); // [J, arr]
                code.add(new InsnNode(DUP_X2));                            // [arr, J, arr]
                code.add(new InsnNode(POP));                               // [arr, J]
                pushInt(code, slot - FIELD_SLOTS);                         // [arr, J, idx]
                code.add(new InsnNode(DUP_X2));                            // [arr, idx, J, idx]
                code.add(new InsnNode(POP));                               // [arr, idx, J]
                code.add(new InsnNode(LASTORE));
            }
        } else if (slot < FIELD_SLOTS) {
            loadFrame(code, refOwner(slot));
            code.add(new InsnNode(SWAP));
            code.add(new FieldInsnNode(PUTFIELD, refOwner(slot), "a" + slot, "Ljava/lang/Object;"));
        } else {
            loadFrame(code, FRAME_WIDE);
            code.add(new FieldInsnNode(GETFIELD, FRAME_WIDE, "ax", "[Ljava/lang/Object;")); // [v, arr]
            code.add(new InsnNode(SWAP));                                               // [arr, v]
            pushInt(code, slot - FIELD_SLOTS);                                          // [arr, v, idx]
            code.add(new InsnNode(SWAP));                                               // [arr, idx, v]
            code.add(new InsnNode(AASTORE));
        }
    }

    /**
     * Stores local {@code var} into its slot, reading the frame object from {@code target} (the frame local,
     * or — when {@code fromStackTop} — a frame reference already on top of the stack, which is consumed).
     */
    void storeFromLocal(InsnList code, TypedValue v, int var, int slot, boolean frameOnStack) {
        String owner = v.isPrimitive() ? primOwner(slot) : refOwner(slot);
        if (!frameOnStack) {
            code.add(new VarInsnNode(ALOAD, frameLocal));
        }
        castFrame(code, owner);
        boolean field = slot < FIELD_SLOTS;
        if (!field) {
            code.add(new FieldInsnNode(GETFIELD, owner, v.isPrimitive() ? "jx" : "ax", v.isPrimitive() ? "[J" : "[Ljava/lang/Object;"));
            pushInt(code, slot - FIELD_SLOTS);
        }
        code.add(new VarInsnNode(v.type.getOpcode(ILOAD), var));
        if (v.isPrimitive()) {
            toLongBits(code, v);
            code.add(field ? new FieldInsnNode(PUTFIELD, owner, "j" + slot, "J") : new InsnNode(LASTORE));
        } else {
            code.add(field ? new FieldInsnNode(PUTFIELD, owner, "a" + slot, "Ljava/lang/Object;") : new InsnNode(AASTORE));
        }
    }

    /** Pushes the value of a slot, typed as {@code v}; a reference slot is cleared once read. */
    void load(InsnList code, TypedValue v, int slot) {
        String owner = v.isPrimitive() ? primOwner(slot) : refOwner(slot);
        loadFrame(code, owner);
        if (v.isPrimitive()) {
            if (slot < FIELD_SLOTS) {
                code.add(new FieldInsnNode(GETFIELD, owner, "j" + slot, "J"));
            } else {
                code.add(new FieldInsnNode(GETFIELD, owner, "jx", "[J"));
                pushInt(code, slot - FIELD_SLOTS);
                code.add(new InsnNode(LALOAD));
            }
            fromLongBits(code, v);
            return;
        }
        if (slot < FIELD_SLOTS) {
            code.add(new FieldInsnNode(GETFIELD, owner, "a" + slot, "Ljava/lang/Object;"));
            loadFrame(code, owner);
            code.add(new InsnNode(ACONST_NULL));
            code.add(new FieldInsnNode(PUTFIELD, owner, "a" + slot, "Ljava/lang/Object;"));
        } else {
            code.add(new FieldInsnNode(GETFIELD, owner, "ax", "[Ljava/lang/Object;"));
            code.add(new InsnNode(DUP));
            pushInt(code, slot - FIELD_SLOTS);
            code.add(new InsnNode(AALOAD));   // [arr, v]
            code.add(new InsnNode(SWAP));     // [v, arr]
            pushInt(code, slot - FIELD_SLOTS);
            code.add(new InsnNode(ACONST_NULL));
            code.add(new InsnNode(AASTORE));  // [v]
        }
        if (!"java/lang/Object".equals(v.type.getInternalName())) {
            code.add(new TypeInsnNode(CHECKCAST, v.type.getInternalName()));
        }
    }

    /** Pushes the zero value of a type: what a dead local is restored to, to keep declared frames valid. */
    static void pushDefault(InsnList code, TypedValue v) {
        switch (v.kind) {
            case INT: code.add(new InsnNode(ICONST_0)); break;
            case FLOAT: code.add(new InsnNode(FCONST_0)); break;
            case LONG: code.add(new InsnNode(LCONST_0)); break;
            case DOUBLE: code.add(new InsnNode(DCONST_0)); break;
            default: code.add(new InsnNode(ACONST_NULL));
        }
    }

    private static void toLongBits(InsnList code, TypedValue v) {
        switch (v.kind) {
            case INT:
                code.add(new InsnNode(I2L));
                break;
            case FLOAT:
                code.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                code.add(new InsnNode(I2L));
                break;
            case DOUBLE:
                code.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                break;
            default:
                break;
        }
    }

    private static void fromLongBits(InsnList code, TypedValue v) {
        switch (v.kind) {
            case INT:
                code.add(new InsnNode(L2I));
                break;
            case FLOAT:
                code.add(new InsnNode(L2I));
                code.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
                break;
            case DOUBLE:
                code.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
                break;
            default:
                break;
        }
    }

    static void pushInt(InsnList code, int value) {
        if (value >= -1 && value <= 5) {
            code.add(new InsnNode(ICONST_0 + value));
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            code.add(new IntInsnNode(BIPUSH, value));
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            code.add(new IntInsnNode(SIPUSH, value));
        } else {
            code.add(new LdcInsnNode(value));
        }
    }
}
