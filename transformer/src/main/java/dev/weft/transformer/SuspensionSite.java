package dev.weft.transformer;

import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;

/**
 * One suspension point of an {@code @Async} method being woven: the {@code await(x)} call it replaces, the
 * number the dispatcher knows it by, where its values go while suspended, and the three labels of its woven
 * code ({@link AsyncMethodWeaver} shows the shape).
 *
 * <p>Invariants: {@code label} is the site's 1-based position among the method's awaits in instruction order
 * (0 is the body's start); {@code localsAfter} and {@code stackAfter} are the frame at {@code fast}, with the
 * coroutine frame in its local and the awaited value as an {@code Object} on top of the stack; the labels are
 * fresh, so only this site's code ever lies between {@code resume} and {@code resumeCall}.
 */
final class SuspensionSite {
    /** The {@code await(...)} call this site replaces. */
    final MethodInsnNode call;
    /** The value of {@code frame.label} that resumes here. */
    final int label;
    /** Where the stack and the live locals go while suspended. */
    final SpillPlan plan;
    final List<TypedValue> localsAfter;
    final List<TypedValue> stackAfter;
    /** Start of the resume block: the dispatcher jumps here, the state is restored from the frame. */
    final LabelNode resume = new LabelNode();
    /** End of the resume block: the {@code awaitResume} call, inside the user's try ranges again. */
    final LabelNode resumeCall = new LabelNode();
    /** Where the user's code continues with the awaited value, whether it suspended or not. */
    final LabelNode fast = new LabelNode();
    /** The source line of the await, or -1 when no line number precedes it. */
    final int line;

    SuspensionSite(MethodInsnNode call, int label, SpillPlan plan, List<TypedValue> localsAfter,
                   List<TypedValue> stackAfter) {
        this.call = call;
        this.line = ProblemReporter.lineOf(call);
        this.label = label;
        this.plan = plan;
        this.localsAfter = localsAfter;
        this.stackAfter = stackAfter;
    }
}
