package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Converts between ASM's expanded {@link FrameNode}s (the StackMapTable as javac wrote it) and analysis
 * frames of {@link TypedValue}s. In a FrameNode a long or double is one entry standing for two slots.
 */
final class FrameNodes {
    private FrameNodes() {
    }

    /** The analysis frame a declared (expanded) FrameNode stands for. */
    static Frame<TypedValue> toFrame(FrameNode node, int maxLocals, int maxStack) {
        if (node.type != Opcodes.F_NEW) {
            throw new IllegalArgumentException("frames must be read expanded (ClassReader.EXPAND_FRAMES)");
        }
        Frame<TypedValue> frame = new Frame<>(maxLocals, maxStack);
        int slot = 0;
        if (node.local != null) {
            for (Object entry : node.local) {
                TypedValue v = toValue(entry);
                frame.setLocal(slot++, v);
                if (v.getSize() == 2) {
                    frame.setLocal(slot++, TypedValue.TOP);
                }
            }
        }
        for (; slot < maxLocals; slot++) {
            frame.setLocal(slot, TypedValue.TOP);
        }
        frame.clearStack();
        if (node.stack != null) {
            for (Object entry : node.stack) {
                frame.push(toValue(entry));
            }
        }
        return frame;
    }

    private static TypedValue toValue(Object entry) {
        if (entry instanceof String) {
            return TypedValue.reference(Type.getObjectType((String) entry));
        }
        if (entry instanceof LabelNode) {
            return TypedValue.uninitialized(newInsnAt((LabelNode) entry));
        }
        int tag = (Integer) entry;
        if (tag == Opcodes.TOP) {
            return TypedValue.TOP;
        } else if (tag == Opcodes.INTEGER) {
            return TypedValue.INT;
        } else if (tag == Opcodes.FLOAT) {
            return TypedValue.FLOAT;
        } else if (tag == Opcodes.LONG) {
            return TypedValue.LONG;
        } else if (tag == Opcodes.DOUBLE) {
            return TypedValue.DOUBLE;
        } else if (tag == Opcodes.NULL) {
            return TypedValue.NULL;
        } else if (tag == Opcodes.UNINITIALIZED_THIS) {
            return TypedValue.UNINITIALIZED_THIS;
        }
        throw new IllegalArgumentException("unknown frame type " + entry);
    }

    /** The NEW instruction a frame's uninitialized entry refers to: the first instruction after its label. */
    static AbstractInsnNode newInsnAt(LabelNode label) {
        AbstractInsnNode insn = label;
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        if (insn == null || insn.getOpcode() != Opcodes.NEW) {
            throw new IllegalArgumentException("a frame names an uninitialized object whose label is not at a NEW instruction");
        }
        return insn;
    }

    /** The frame entry of a value, or null for the second slot of a long or double (no entry). */
    static Object toEntry(TypedValue v, Function<AbstractInsnNode, LabelNode> labelOfNew) {
        switch (v.kind) {
            case TOP: return Opcodes.TOP;
            case INT: return Opcodes.INTEGER;
            case FLOAT: return Opcodes.FLOAT;
            case LONG: return Opcodes.LONG;
            case DOUBLE: return Opcodes.DOUBLE;
            case NULL: return Opcodes.NULL;
            case UNINITIALIZED_THIS: return Opcodes.UNINITIALIZED_THIS;
            case UNINITIALIZED: return labelOfNew.apply(v.newInsn);
            default: return v.type.getInternalName();
        }
    }

    /**
     * A FrameNode declaring the given locals (slot by slot, the first {@code localCount} of {@code frame})
     * and operand stack.
     */
    static FrameNode fromValues(List<TypedValue> locals, List<TypedValue> stack,
                                Function<AbstractInsnNode, LabelNode> labelOfNew) {
        List<Object> localEntries = new ArrayList<>();
        for (int i = 0; i < locals.size(); i++) {
            TypedValue v = locals.get(i);
            localEntries.add(toEntry(v, labelOfNew));
            if (v.getSize() == 2) {
                i++;
            }
        }
        while (!localEntries.isEmpty() && Integer.valueOf(Opcodes.TOP).equals(localEntries.get(localEntries.size() - 1))) {
            localEntries.remove(localEntries.size() - 1);
        }
        List<Object> stackEntries = new ArrayList<>();
        for (TypedValue v : stack) {
            stackEntries.add(toEntry(v, labelOfNew));
        }
        return new FrameNode(Opcodes.F_NEW, localEntries.size(), localEntries.toArray(),
                stackEntries.size(), stackEntries.toArray());
    }

    /** The locals of an analysis frame, slot by slot. */
    static List<TypedValue> locals(Frame<TypedValue> frame) {
        List<TypedValue> list = new ArrayList<>(frame.getLocals());
        for (int i = 0; i < frame.getLocals(); i++) {
            list.add(frame.getLocal(i));
        }
        return list;
    }

    /** The operand stack of an analysis frame, bottom first. */
    static List<TypedValue> stack(Frame<TypedValue> frame) {
        List<TypedValue> list = new ArrayList<>(frame.getStackSize());
        for (int i = 0; i < frame.getStackSize(); i++) {
            list.add(frame.getStack(i));
        }
        return list;
    }

    /** Makes {@code node} declare {@code type} in local {@code slot}, padding with TOP up to it. */
    static void declareLocal(FrameNode node, int slot, Object type) {
        List<Object> entries = node.local == null ? new ArrayList<>() : new ArrayList<>(node.local);
        int used = 0;
        for (Object e : entries) {
            used += Integer.valueOf(Opcodes.LONG).equals(e) || Integer.valueOf(Opcodes.DOUBLE).equals(e) ? 2 : 1;
        }
        if (used > slot) {
            throw new IllegalStateException("frame already declares local " + slot);
        }
        for (; used < slot; used++) {
            entries.add(Opcodes.TOP);
        }
        entries.add(type);
        node.local = entries;
    }
}
