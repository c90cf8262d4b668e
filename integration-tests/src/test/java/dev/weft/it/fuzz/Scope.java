package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * What the generator may refer to at one point of a method body: the locals in scope, the statements a
 * {@code break} or {@code continue} may target, and whether {@code return} is allowed here. Locals get
 * names unique in their method, so nested scopes never shadow one another (javac forbids that).
 */
final class Scope {
    /** A local variable or parameter; loop counters and the depth bound {@code d} are read-only. */
    record Local(String name, JType type, boolean assignable) {
    }

    /**
     * A statement a jump may target: a loop ({@code break}, {@code continue}), a switch statement (an unlabelled
     * {@code break}) or a labelled block (only {@code break label}).
     */
    static final class Target {
        enum Kind { LOOP, SWITCH, BLOCK }

        final String label;
        final Kind kind;
        /** Set when a break or continue targets it, which makes a do-while able to complete normally. */
        boolean jumpedTo;

        Target(String label, Kind kind) {
            this.label = label;
            this.kind = kind;
        }
    }

    final MethodSig method;
    private final List<Local> locals = new ArrayList<>();
    private List<Target> targets = new ArrayList<>();
    /** Inside a switch expression: no return, no jump out of it. */
    private boolean inSwitchExpression;
    /** How many try statements enclose this point. */
    int tryDepth;
    /** How many loops enclose this point (bounds the iterations multiplying). */
    int loopDepth;
    /** Inside a synchronized block: no await may be generated here (the weaver refuses those). */
    boolean noAwait;
    private int counter;

    Scope(MethodSig method) {
        this.method = method;
    }

    String fresh(String prefix) {
        return prefix + counter++;
    }

    void declare(String name, JType type, boolean assignable) {
        locals.add(new Local(name, type, assignable));
    }

    /** The number of locals, to restore with {@link #exit} when a block ends. */
    int enter() {
        return locals.size();
    }

    void exit(int mark) {
        while (locals.size() > mark) {
            locals.remove(locals.size() - 1);
        }
    }

    List<Local> locals(JType type, boolean assignableOnly) {
        List<Local> out = new ArrayList<>();
        for (Local l : locals) {
            if (l.type() == type && (l.assignable() || !assignableOnly)) {
                out.add(l);
            }
        }
        return out;
    }

    /** Every local value in scope (not promises), in declaration order. */
    List<Local> all() {
        List<Local> out = new ArrayList<>();
        for (Local l : locals) {
            if (l.type() != JType.PROMISE) {
                out.add(l);
            }
        }
        return out;
    }

    List<Local> assignable() {
        List<Local> out = new ArrayList<>();
        for (Local l : locals) {
            if (l.assignable() && l.type() != JType.PROMISE) {
                out.add(l);
            }
        }
        return out;
    }

    void pushTarget(Target t) {
        targets.add(t);
    }

    void popTarget() {
        targets.remove(targets.size() - 1);
    }

    List<Target> targets() {
        return targets;
    }

    boolean returnAllowed() {
        return !inSwitchExpression;
    }

    /** Whether {@code return callee(...)} may stand here: it completes after this method's try blocks ran. */
    boolean tailCallAllowed() {
        return !inSwitchExpression && tryDepth == 0;
    }

    /** Enters a switch expression's rule block: jumps may not cross it. Returns what {@link #leaveSwitchExpression} restores. */
    Object enterSwitchExpression() {
        Object[] saved = {targets, inSwitchExpression, loopDepth};
        targets = new ArrayList<>();
        inSwitchExpression = true;
        return saved;
    }

    @SuppressWarnings("unchecked")
    void leaveSwitchExpression(Object token) {
        Object[] saved = (Object[]) token;
        targets = (List<Target>) saved[0];
        inSwitchExpression = (Boolean) saved[1];
        loopDepth = (Integer) saved[2];
    }
}
