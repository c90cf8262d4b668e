package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.it.fuzz.JType.BOOLEAN;

/**
 * The statements of {@link Statements} that complete abruptly (JLS 14.1): {@code break} and {@code continue}
 * (plain or labelled), {@code throw}, and {@code return}, of a value or of a tail call. Each is either the
 * last statement of its block, then marked as not completing normally ({@link Node#completes} false), or
 * guarded by an {@code if} on a generated condition, so that the statements after it stay reachable.
 *
 * <p>A jump marks its target as jumped to ({@link Scope.Target#jumpedTo}), which lets a labelled block or a
 * do loop complete normally even when its body does not; a tail call is made only where
 * {@link Scope#tailCallAllowed} (outside every try and switch expression), to a method of the same return type
 * callable from here. A form that finds no target or no callee returns null, and another statement is drawn.
 */
final class AbruptStatements {
    private final ProgramGenerator g;
    private final Expressions ex;
    private final Statements st;
    private final Rand r;

    AbruptStatements(ProgramGenerator g, Expressions ex, Statements st) {
        this.g = g;
        this.ex = ex;
        this.st = st;
        this.r = g.rand;
    }

    /** {@code break} or {@code continue}, to the innermost or a labelled target; null if there is none. */
    Node jump(Scope sc, String ind, boolean last) {
        Scope.Target breakable = null;
        Scope.Target loop = null;
        List<Scope.Target> labelled = new ArrayList<>();
        List<Scope.Target> labelledLoops = new ArrayList<>();
        for (Scope.Target t : sc.targets()) {
            if (t.kind != Scope.Target.Kind.BLOCK) {
                breakable = t;
            }
            if (t.kind == Scope.Target.Kind.LOOP) {
                loop = t;
            }
            if (t.label != null) {
                labelled.add(t);
                if (t.kind == Scope.Target.Kind.LOOP) {
                    labelledLoops.add(t);
                }
            }
        }
        String text;
        Scope.Target hit;
        switch (r.below(4)) {
            case 0:
                hit = breakable;
                text = "break;";
                break;
            case 1:
                hit = loop;
                text = "continue;";
                break;
            case 2:
                hit = labelled.isEmpty() ? null : r.pick(labelled);
                text = hit == null ? null : "break " + hit.label + ";";
                break;
            default:
                hit = labelledLoops.isEmpty() ? null : r.pick(labelledLoops);
                text = hit == null ? null : "continue " + hit.label + ";";
                break;
        }
        if (hit == null) {
            return null;
        }
        hit.jumpedTo = true;
        if (last && r.chance(0.4)) {
            Node s = Node.stmt(ind + text + "\n");
            s.completes = false;
            return s;
        }
        return Node.stmt(ind + "if (", ex.expr(BOOLEAN, st.exprDepth(), sc), ") " + text + "\n");
    }

    /** {@code throw e}, as the block's last statement or guarded by an {@code if}. */
    Node throwStatement(Scope sc, String ind, boolean last) {
        if (last && r.chance(0.3)) {
            Node s = Node.stmt(ind + "throw ", st.exception(sc), ";\n");
            s.completes = false;
            return s;
        }
        Node cond = ex.expr(BOOLEAN, st.exprDepth(), sc);
        return Node.stmt(ind + "if (", cond, ") throw ", st.exception(sc), ";\n");
    }

    /** {@code return} of a value or of a tail call, as the block's last statement or guarded by an {@code if}. */
    Node returnStatement(Scope sc, String ind, boolean last) {
        if (last && r.chance(0.5)) {
            List<MethodSig> tail = new ArrayList<>();
            for (MethodSig m : g.methods) {
                if (m.returns() == sc.method.returns() && m.callableFrom(sc.method)) {
                    tail.add(m);
                }
            }
            Node s;
            if (sc.tailCallAllowed() && !tail.isEmpty() && r.chance(0.5)) {
                // completes with the callee's outcome, which runs after this method returned (only outside try)
                s = Node.stmt(ind + "return d > 0 ? ", ex.invocation(r.pick(tail), st.exprDepth() - 1, sc), " : ", st.returnValue(sc), ";\n");
            } else {
                s = Node.stmt(ind + "return ", st.returnValue(sc), ";\n");
            }
            s.completes = false;
            return s;
        }
        return Node.stmt(ind + "if (", ex.expr(BOOLEAN, st.exprDepth(), sc), ") return ", st.returnValue(sc), ";\n");
    }
}
