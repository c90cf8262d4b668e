package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.BitSet;

/**
 * Which local variables are live (may be read before being written) at each instruction: the weaver spills
 * only those at an await, so a suspended coroutine keeps no dead data alive. Classic backward
 * data-flow over {@link ControlFlow}; a handler's live variables are live throughout its try range, since
 * the exception may be thrown before the instruction's own store.
 */
final class Liveness {
    private final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn) {
        this.liveIn = liveIn;
    }

    static Liveness of(InsnList insns, ControlFlow cfg) {
        int n = insns.size();
        BitSet[] in = new BitSet[n];
        BitSet[] use = new BitSet[n];
        BitSet[] def = new BitSet[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            use[i] = new BitSet();
            def[i] = new BitSet();
            describe(insns.get(i), use[i], def[i]);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet out = new BitSet();
                for (int s : cfg.successors(i)) {
                    out.or(in[s]);
                }
                out.andNot(def[i]);
                out.or(use[i]);
                for (int h : cfg.handlers(i)) {
                    out.or(in[h]);
                }
                if (!out.equals(in[i])) {
                    in[i] = out;
                    changed = true;
                }
            }
        }
        return new Liveness(in);
    }

    private static void describe(AbstractInsnNode insn, BitSet use, BitSet def) {
        int op = insn.getOpcode();
        if (insn instanceof VarInsnNode) {
            int var = ((VarInsnNode) insn).var;
            if (op >= Opcodes.ILOAD && op <= Opcodes.ALOAD || op == Opcodes.RET) {
                use.set(var);
            } else {
                def.set(var);
                if (op == Opcodes.LSTORE || op == Opcodes.DSTORE) {
                    def.set(var + 1);
                }
            }
        } else if (insn instanceof IincInsnNode) {
            use.set(((IincInsnNode) insn).var);
        }
    }

    /** Whether local {@code var} is live just before instruction {@code insn}. */
    boolean isLive(int insn, int var) {
        return liveIn[insn].get(var);
    }
}
