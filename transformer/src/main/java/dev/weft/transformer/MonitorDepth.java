package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * How many monitors ({@code synchronized} blocks) are held before each instruction: forward data-flow over
 * {@link ControlFlow}, taking the largest count where paths meet. An await at a depth above zero would
 * release the thread while holding the lock — the weaver refuses it.
 */
final class MonitorDepth {
    private static final int CAP = 255;

    private MonitorDepth() {
    }

    /** Monitors held before each instruction; -1 for unreachable ones. */
    static int[] of(InsnList insns, ControlFlow cfg) {
        int n = insns.size();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        if (n == 0) {
            return depth;
        }
        ArrayDeque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int in = depth[i];
            int op = insns.get(i).getOpcode();
            int out = op == Opcodes.MONITORENTER ? Math.min(CAP, in + 1)
                    : op == Opcodes.MONITOREXIT ? Math.max(0, in - 1) : in;
            for (int s : cfg.successors(i)) {
                if (out > depth[s]) {
                    depth[s] = out;
                    work.add(s);
                }
            }
            for (int h : cfg.handlers(i)) {
                if (in > depth[h]) {
                    depth[h] = in;
                    work.add(h);
                }
            }
        }
        return depth;
    }
}
