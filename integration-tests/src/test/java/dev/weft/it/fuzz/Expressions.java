package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.it.fuzz.JType.BOOLEAN;
import static dev.weft.it.fuzz.JType.INT;
import static dev.weft.it.fuzz.JType.INTS;
import static dev.weft.it.fuzz.JType.STRING;

/**
 * Generates typed expressions, with awaits anywhere an expression may stand: in operands, arguments,
 * constructor arguments, array initializers, conditions, ternaries, switch selectors and switch expression
 * arms (switch expressions come from {@link Switches}, the operators and library calls of each type from
 * {@link TypeSpecificExpressions}). Every expression has exactly its {@link JType}
 * (small types are cast back after arithmetic), every division is guarded, every array index is in range, and
 * nothing depends on identity hash codes.
 *
 * <p>A form that turns out inapplicable returns null before generating anything: an operand generated and then
 * dropped could leave generator state behind (such as "may throw Checked", which decides the catch clauses).
 */
final class Expressions {
    private final ProgramGenerator g;
    private final Rand r;
    private final TypeSpecificExpressions specific;

    Expressions(ProgramGenerator g) {
        this.g = g;
        this.r = g.rand;
        this.specific = new TypeSpecificExpressions(g, this);
    }

    Node expr(JType t, int depth, Scope sc) {
        for (int tries = 0; ; tries++) {
            Node n = tries > 20 ? literal(t) : attempt(t, depth, sc);
            if (n != null) {
                return n;
            }
        }
    }

    private Node attempt(JType t, int depth, Scope sc) {
        if (depth <= 0) {
            switch (r.weighted(3, 4, 2, 1)) {
                case 0: return literal(t);
                case 1: return local(t, sc);
                case 2: return sc.noAwait ? null : awaitOf(t, literal(t), sc);
                default: return field(t, sc);
            }
        }
        switch (r.weighted(2, 4, 6, 3, 1, 1, 1, 1, 9)) {
            case 0: return literal(t);
            case 1: return local(t, sc);
            case 2:
                if (sc.noAwait) {
                    return null;
                }
                if (t == INT && r.chance(0.15)) {
                    // chosen before any operand is generated: a discarded operand could leave state behind
                    List<Scope.Local> promises = sc.locals(JType.PROMISE, false);
                    if (!promises.isEmpty()) {
                        return Node.expr(INT, "((int) await(" + r.pick(promises).name() + "))");
                    }
                }
                return awaitOf(t, expr(t, depth - 1, sc), sc);
            case 3: return call(t, depth, sc);
            case 4: return ternary(t, depth, sc);
            case 5: return assignment(t, depth, sc);
            case 6: return g.switches.expression(t, depth, sc);
            case 7: return field(t, sc);
            default: return specific.expr(t, depth, sc);
        }
    }

    /**
     * A constant; but a boolean is often a test of {@code d}, not a constant: javac drops the dead branch of
     * {@code if (false)} before the weaver could see it.
     */
    Node literal(JType t) {
        if (t == BOOLEAN && r.chance(0.6)) {
            return Node.expr(t, r.pick("(d > 0)", "(d == 0)", "(d < 2)", "(d != 1)", "(d >= 0)"));
        }
        return Node.expr(t, t.literal(r));
    }

    private Node local(JType t, Scope sc) {
        List<Scope.Local> ls = sc.locals(t, false);
        return ls.isEmpty() ? null : Node.expr(t, r.pick(ls).name());
    }

    private Node field(JType t, Scope sc) {
        switch (t) {
            case INT: return Node.expr(t, r.chance(0.5) ? "sInt" : sc.method.owner().fieldF(r));
            case LONG: return Node.expr(t, "sLong");
            case STRING: return Node.expr(t, "sStr");
            default: return null;
        }
    }

    /**
     * {@code ((T) await(awaitable))} around {@code value}. The awaitable completes at once
     * ({@code Coroutine.of}, a completed promise), suspends through the loop (a child that sleeps first, a
     * promise another task completes), or fails with an unchecked or checked exception, at once or later.
     */
    Node awaitOf(JType t, Node value, Scope sc) {
        return awaitOf(t, value, sc, false);
    }

    /**
     * Like {@link #awaitOf(JType, Node, Scope)}; {@code exact} where the value bounds a loop: it is then
     * awaited as it is, never swapped for another constant by a conditional between two awaitables.
     */
    Node awaitOf(JType t, Node value, Scope sc, boolean exact) {
        if (sc.noAwait) {
            return null;
        }
        if (!exact && r.chance(0.07)) {
            // the awaitable itself chosen by a condition
            return Node.expr(t, "((" + t.java + ") await((", expr(BOOLEAN, 0, sc), " ? ", awaitable(value, sc, false), " : ",
                    awaitable(Node.expr(t, t.literal(r)), sc, false), ")))");
        }
        return Node.expr(t, "((" + t.java + ") await(", awaitable(value, sc, true), "))");
    }

    /**
     * Something awaitable that gives {@code value}, or fails; a {@code CompletionStage} only if {@code stages}
     * (a conditional between a stage and an {@code Awaitable} has no type {@code await} takes).
     */
    private Node awaitable(Node value, Scope sc, boolean stages) {
        // failures mostly where a catch or finally is near: elsewhere they end the program too soon
        int fail = sc.tryDepth > 0 || r.chance(0.1) ? 1 : 0;
        String open;
        String close = ")";
        int stage = stages ? 2 : 0;
        int failStage = stages ? fail : 0;
        switch (r.weighted(10, 4, 4, 8, fail, fail, fail, fail, stage, stage, failStage, 2)) {
            case 0: open = "Coroutine.of("; break;
            case 1: open = "done("; break;
            case 2: open = "later("; break;
            case 3: open = "slow("; break;
            case 4: open = "failU("; close = ", \"" + g.tag("u") + "\")"; break;
            case 5: open = "failC("; close = ", \"" + g.tag("c") + "\")"; g.mayThrowChecked = true; break;
            case 6: open = "slowFail("; close = ", \"" + g.tag("s") + "\")"; g.mayThrowChecked = true; break;
            case 7: open = "slowFailU("; close = ", \"" + g.tag("a") + "\")"; break;
            case 8: open = "doneStage("; break;
            case 9: open = "offThread("; break;
            case 10: open = "failedStage("; close = ", \"" + g.tag("g") + "\")"; break;
            default: open = "Weft.spawn(slow("; close = "))"; break;
        }
        return Node.fixed(open, value, close);
    }

    /** {@code (d > 0 ? ((T) await(mK(d - 1, args))) : literal)}; the guarded call itself is never hoisted by the shrinker. */
    private Node call(JType t, int depth, Scope sc) {
        if (sc.noAwait) {
            return null;
        }
        List<MethodSig> callable = new ArrayList<>();
        for (MethodSig m : g.methods) {
            if (m.returns() == t && m.callableFrom(sc.method)) {
                callable.add(m);
            }
        }
        if (callable.isEmpty()) {
            return null;
        }
        MethodSig m = r.pick(callable);
        Node inner = Node.fixed("((" + t.java + ") await(", invocation(m, depth - 1, sc), "))");
        return Node.expr(t, "(d > 0 ? ", inner, " : ", literal(t), ")");
    }

    /** {@code recv.mK(d - 1, args)}: a coroutine, not yet awaited. */
    Node invocation(MethodSig m, int depth, Scope sc) {
        g.mayThrowChecked = true;
        Node call = Node.fixed(m.owner().receiver(sc.method.owner(), r) + m.name() + "(d - 1");
        for (JType p : m.params()) {
            call.add(", ", expr(p, depth, sc));
        }
        return call.add(")");
    }

    private Node ternary(JType t, int depth, Scope sc) {
        return Node.expr(t, "(", expr(BOOLEAN, depth - 1, sc), " ? ", expr(t, depth - 1, sc), " : ", expr(t, depth - 1, sc), ")");
    }

    private Node assignment(JType t, int depth, Scope sc) {
        List<Scope.Local> ls = sc.locals(t, true);
        if (ls.isEmpty()) {
            return null;
        }
        String v = r.pick(ls).name();
        if (t.isNumeric()) {
            int form = r.below(t.isIntegral() ? 6 : 5);
            switch (form) {
                case 0: return Node.expr(t, "(" + v + " += ", expr(t, depth - 1, sc), ")");
                case 1: return Node.expr(t, "(" + v + " -= ", expr(t, depth - 1, sc), ")");
                case 2: return Node.expr(t, "(" + v + " *= ", expr(t, depth - 1, sc), ")");
                case 3: return Node.expr(t, r.pick("(" + v + "++)", "(--" + v + ")"));
                case 4: return Node.expr(t, "(" + v + " = ", expr(t, depth - 1, sc), ")");
                default: return Node.expr(t, "(" + v + " ^= ", expr(t, depth - 1, sc), ")");
            }
        }
        if (t == STRING) {
            return Node.expr(t, "(" + v + " = cap(", expr(t, depth - 1, sc), "))");
        }
        if (t == BOOLEAN && r.chance(0.3)) {
            return Node.expr(t, "(" + v + " ^= ", expr(t, depth - 1, sc), ")");
        }
        return Node.expr(t, "(" + v + " = ", expr(t, depth - 1, sc), ")");
    }

    /** How a value appears in a string: arrays by contents. */
    static Node show(JType t, Node e) {
        return t == INTS ? Node.fixed("Arrays.toString(", e, ")") : e;
    }
}
