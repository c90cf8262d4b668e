package dev.weft.transformer;

import java.util.List;

/**
 * Where each value of one suspension point goes in the coroutine frame: every value on the operand stack
 * (below the awaited object) and every live local gets a primitive or reference slot; a dead local gets
 * none and is restored as zero/null; null-typed values need no slot either.
 *
 * <p>Slots are numbered from zero at every suspension point: they only have to hold while that point is
 * suspended.
 */
final class SpillPlan {
    /** No slot: the value is not kept (dead, null-typed, or an unusable slot). */
    static final int NONE = -1;

    final List<TypedValue> locals;
    final int[] localSlots;
    final List<TypedValue> stack;
    final int[] stackSlots;
    final int primSlots;
    final int refSlots;

    private SpillPlan(List<TypedValue> locals, int[] localSlots, List<TypedValue> stack, int[] stackSlots,
                      int primSlots, int refSlots) {
        this.locals = locals;
        this.localSlots = localSlots;
        this.stack = stack;
        this.stackSlots = stackSlots;
        this.primSlots = primSlots;
        this.refSlots = refSlots;
    }

    /**
     * @param locals the frame's locals, slot by slot
     * @param live   which locals are live
     * @param stack  the stack values to keep, bottom first
     */
    static SpillPlan of(List<TypedValue> locals, java.util.function.IntPredicate live, List<TypedValue> stack) {
        int prim = 0;
        int ref = 0;
        int[] localSlots = new int[locals.size()];
        for (int i = 0; i < locals.size(); i++) {
            TypedValue v = locals.get(i);
            if (live.test(i) && v.isPrimitive()) {
                localSlots[i] = prim++;
            } else if (live.test(i) && v.isReference()) {
                localSlots[i] = ref++;
            } else {
                localSlots[i] = NONE;
            }
        }
        int[] stackSlots = new int[stack.size()];
        for (int i = 0; i < stack.size(); i++) {
            TypedValue v = stack.get(i);
            stackSlots[i] = v.isPrimitive() ? prim++ : v.isReference() ? ref++ : NONE;
        }
        return new SpillPlan(locals, localSlots, stack, stackSlots, prim, ref);
    }
}
