package dev.weft.transformer;

import dev.weft.internal.WovenCoroutine;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Round trips through the frame slots, in fields and in the overflow arrays, for every kind of value: the
 * bits must come back exactly (NaN payloads, -0.0, extremes) and reference slots must be cleared on reading.
 */
class FrameSlotsTest {
    private static final int FRAME_LOCAL = 0;

    /** Builds {@code static T trip(WovenCoroutine f, T v)} that stores v into slot {@code slot} and loads it back. */
    private static Method roundTrip(Type type, int slot, boolean viaLocal) throws Exception {
        TypedValue v = TypedValue.of(type);
        MethodNode m = new MethodNode(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "trip",
                Type.getMethodDescriptor(type, Type.getType(WovenCoroutine.class), type), null, null);
        InsnList code = m.instructions;
        FrameSlots slots = new FrameSlots(FRAME_LOCAL);
        if (viaLocal) {
            slots.storeFromLocal(code, v, 1, slot, false);
        } else {
            code.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), 1));
            slots.storeFromStack(code, v, slot);
        }
        slots.load(code, v, slot);
        code.add(new InsnNode(type.getOpcode(Opcodes.IRETURN)));
        ClassNode cls = new ClassNode();
        cls.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "t/Trip" + type.getSort() + slot + viaLocal, null, "java/lang/Object", null);
        cls.methods.add(m);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cls.accept(cw);
        byte[] bytes = cw.toByteArray();
        Class<?> c = new ClassLoader(FrameSlotsTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(null, bytes, 0, bytes.length);
            }
        }.define();
        for (Method candidate : c.getDeclaredMethods()) {
            if (candidate.getName().equals("trip")) {
                return candidate;
            }
        }
        throw new AssertionError("no trip method");
    }

    private static Object trip(Type type, Object value) throws Exception {
        Object result = null;
        for (int slot : new int[] {0, 1, 2, 3, 4, 9}) {
            for (boolean viaLocal : new boolean[] {false, true}) {
                WovenCoroutine.Wide<?> frame = (WovenCoroutine.Wide<?>) WovenCoroutine.create(null, "test", 10, 10);
                Object back = roundTrip(type, slot, viaLocal).invoke(null, frame, value);
                assertEquals(value, back, type + " in slot " + slot);
                result = back;
                assertNull(frame.a0);
                assertNull(frame.a1);
                assertNull(frame.a2);
                assertNull(frame.a3);
                assertNull(frame.ax[0]);
                assertNull(frame.ax[5]);
            }
        }
        for (int slot : new int[] {0, 1}) {
            for (boolean viaLocal : new boolean[] {false, true}) {
                WovenCoroutine<?> compact = WovenCoroutine.create(null, "test", 1, 2);
                assertFalse(compact instanceof WovenCoroutine.Wide, "a frame of 1 primitive and 2 reference slots is compact");
                if (slot == 1 && (type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY)) {
                    continue; // a compact frame has one primitive slot
                }
                Object back = roundTrip(type, slot, viaLocal).invoke(null, compact, value);
                assertEquals(value, back, type + " in slot " + slot + " of a compact frame");
                assertNull(compact.a0);
                assertNull(compact.a1);
            }
        }
        return result;
    }

    @Test
    void primitivesSurviveBitForBit() throws Exception {
        for (int v : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            trip(Type.INT_TYPE, v);
        }
        for (long v : new long[] {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE}) {
            trip(Type.LONG_TYPE, v);
        }
        for (float v : new float[] {0f, -0f, Float.NaN, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001)}) {
            Object back = trip(Type.FLOAT_TYPE, v);
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits((Float) back));
        }
        for (double v : new double[] {0d, -0d, Double.NaN, Double.MIN_VALUE, Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8000000000001L)}) {
            Object back = trip(Type.DOUBLE_TYPE, v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits((Double) back));
        }
        trip(Type.BOOLEAN_TYPE, true);
        trip(Type.CHAR_TYPE, Character.MAX_VALUE);
        trip(Type.BYTE_TYPE, Byte.MIN_VALUE);
        trip(Type.SHORT_TYPE, Short.MIN_VALUE);
    }

    @Test
    void referencesComeBackAndTheirSlotIsCleared() throws Exception {
        String s = new String("kept");
        assertSame(s, trip(Type.getType(String.class), s));
        trip(Type.getType(String.class), null);
        trip(Type.getType(int[].class), null);
    }
}
