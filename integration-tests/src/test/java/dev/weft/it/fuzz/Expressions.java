package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.it.fuzz.JType.BOOLEAN;
import static dev.weft.it.fuzz.JType.BOX;
import static dev.weft.it.fuzz.JType.CHAR;
import static dev.weft.it.fuzz.JType.COLOR;
import static dev.weft.it.fuzz.JType.DOUBLE;
import static dev.weft.it.fuzz.JType.FLOAT;
import static dev.weft.it.fuzz.JType.INT;
import static dev.weft.it.fuzz.JType.INTS;
import static dev.weft.it.fuzz.JType.LONG;
import static dev.weft.it.fuzz.JType.OBJECT;
import static dev.weft.it.fuzz.JType.STRING;

/**
 * Generates typed expressions, with awaits anywhere an expression may stand: in operands, arguments,
 * constructor arguments, array initializers, conditions, ternaries, switch selectors and switch expression
 * arms (switch expressions come from {@link Switches}). Every expression has exactly its {@link JType}
 * (small types are cast back after arithmetic), every division is guarded, every array index is in range, and
 * nothing depends on identity hash codes.
 *
 * <p>A form that turns out inapplicable returns null before generating anything: an operand generated and then
 * dropped could leave generator state behind (such as "may throw Checked", which decides the catch clauses).
 */
final class Expressions {
    private final ProgramGenerator g;
    private final Rand r;

    Expressions(ProgramGenerator g) {
        this.g = g;
        this.r = g.rand;
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
            default: return specific(t, depth, sc);
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

    private Node specific(JType t, int depth, Scope sc) {
        int d = depth - 1;
        switch (t) {
            case BOOLEAN: return bool(d, sc);
            case BYTE:
            case SHORT:
            case CHAR: return small(t, d, sc);
            case INT:
            case LONG:
            case FLOAT:
            case DOUBLE: return numeric(t, d, sc);
            case STRING: return string(d, sc);
            case BOX: return Node.expr(BOX, "new Box(", expr(LONG, d, sc), ", ", expr(STRING, d, sc), ")");
            case INTS:
                switch (r.below(5)) {
                    case 0:
                    case 1: return Node.expr(INTS, "new int[] {", expr(INT, d, sc), ", ", expr(INT, d, sc), ", ", expr(INT, d, sc), "}");
                    case 2: return Node.expr(INTS, "(new int[1 + (", expr(INT, d, sc), " & 1)][1 + (", expr(INT, d, sc), " & 3)])[0]");
                    default: return Node.expr(INTS, "new int[1 + (", expr(INT, d, sc), " & 3)]");
                }
            case OBJECT:
                switch (r.below(3)) {
                    case 0: return Node.expr(OBJECT, expr(STRING, d, sc));
                    case 1: return Node.expr(OBJECT, expr(BOX, d, sc));
                    default: return Node.expr(OBJECT, "Integer.valueOf(", expr(INT, d, sc), ")");
                }
            case COLOR: return Node.expr(COLOR, "Color.values()[(", expr(INT, d, sc), " & 0x7fffffff) % 3]");
            default: throw new AssertionError(t);
        }
    }

    private static final JType[] NUMERIC = {JType.BYTE, JType.SHORT, CHAR, INT, LONG, FLOAT, DOUBLE};

    private Node numeric(JType t, int d, Scope sc) {
        switch (r.weighted(8, 2, 3, 4)) {
            case 0: {
                Node a = expr(t, d, sc);
                Node b = expr(t, d, sc);
                String one = t == LONG ? "1L" : "1";
                List<String> ops = new ArrayList<>(List.of("+", "-", "*", "/", "%"));
                if (t.isIntegral()) {
                    ops.addAll(List.of("&", "|", "^", "<<", ">>", ">>>"));
                }
                String op = r.pick(ops);
                if ((op.equals("/") || op.equals("%")) && t.isIntegral() && !r.chance(0.03)) {
                    return Node.expr(t, "(", a, " " + op + " (", b, " | " + one + "))");
                }
                return Node.expr(t, "(", a, " " + op + " ", b, ")");
            }
            case 1:
                return t.isIntegral() && r.chance(0.5)
                        ? Node.expr(t, "(~(", expr(t, d, sc), "))")
                        : Node.expr(t, "(-(", expr(t, d, sc), "))");
            case 2: {
                JType from = r.pick(NUMERIC);
                return from == t ? null : Node.expr(t, "((" + t.java + ") ", expr(from, d, sc), ")");
            }
            default:
                return numericSpecial(t, d, sc);
        }
    }

    private Node numericSpecial(JType t, int d, Scope sc) {
        switch (t) {
            case INT: {
                List<Scope.Local> arrays = sc.locals(INTS, false);
                switch (r.below(10)) {
                    case 8: return g.release < 16 ? null : Node.expr(INT, "new Rec(", expr(INT, d, sc), ", ", expr(STRING, d, sc), ").x()");
                    case 9: return Node.expr(INT, "((java.util.function.IntSupplier) () -> d * " + r.between(2, 9) + ").getAsInt()");
                    case 0: return Node.expr(INT, expr(STRING, d, sc), ".length()");
                    case 1: return Node.expr(INT, "Math.max(", expr(INT, d, sc), ", ", expr(INT, d, sc), ")");
                    case 2: return Node.expr(INT, "new Pair(", expr(INT, d, sc), ", ", expr(BOX, d, sc), ").x");
                    case 3: return Node.expr(INT, expr(COLOR, d, sc), ".ordinal()");
                    case 4: return Node.expr(INT, "(", expr(INTS, d, sc), ").length");
                    case 5: return Node.expr(INT, expr(STRING, d, sc), ".hashCode()");
                    case 6: {
                        if (arrays.isEmpty()) {
                            return Node.expr(INT, "(", expr(INTS, d, sc), ")[0]");
                        }
                        String a = r.pick(arrays).name();
                        return Node.expr(INT, a + "[(", expr(INT, d, sc), " & 0x7fffffff) % " + a + ".length]");
                    }
                    default: return Node.expr(INT, "(", expr(BOOLEAN, d, sc), " ? 1 : 0)");
                }
            }
            case LONG:
                switch (r.below(3)) {
                    case 0: return Node.expr(LONG, expr(BOX, d, sc), ".a");
                    case 1: return Node.expr(LONG, "Math.abs(", expr(LONG, d, sc), ")");
                    default: return Node.expr(LONG, "Long.rotateLeft(", expr(LONG, d, sc), ", ", expr(INT, d, sc), ")");
                }
            case DOUBLE:
                return r.chance(0.5)
                        ? Node.expr(DOUBLE, "Math.sqrt(Math.abs(", expr(DOUBLE, d, sc), "))")
                        : Node.expr(DOUBLE, "Math.floor(", expr(DOUBLE, d, sc), ")");
            case FLOAT:
                return Node.expr(FLOAT, "Math.abs(", expr(FLOAT, d, sc), ")");
            default:
                throw new AssertionError(t);
        }
    }

    /** byte, short, char: computed in int and narrowed back. */
    private Node small(JType t, int d, Scope sc) {
        if (r.chance(0.5)) {
            String op = r.pick("+", "-", "*", "&", "|", "^", "/");
            Node a = expr(t, d, sc);
            Node b = expr(t, d, sc);
            if (op.equals("/")) {
                return Node.expr(t, "((" + t.java + ") (", a, " / (", b, " | 1)))");
            }
            return Node.expr(t, "((" + t.java + ") (", a, " " + op + " ", b, "))");
        }
        if (t == CHAR && r.chance(0.5)) {
            return Node.expr(CHAR, "((char) ('a' + (", expr(INT, d, sc), " & 15)))");
        }
        return Node.expr(t, "((" + t.java + ") ", expr(r.pick(NUMERIC), d, sc), ")");
    }

    private Node bool(int d, Scope sc) {
        switch (r.weighted(6, 2, 4, 2, 1, 1, 1)) {
            case 0: {
                JType n = r.pick(NUMERIC);
                return Node.expr(BOOLEAN, "(", expr(n, d, sc), " " + r.pick("<", "<=", ">", ">=", "==", "!=") + " ", expr(n, d, sc), ")");
            }
            case 1: return Node.expr(BOOLEAN, "(!", expr(BOOLEAN, d, sc), ")");
            case 2: return Node.expr(BOOLEAN, "(", expr(BOOLEAN, d, sc), " " + r.pick("&&", "||", "^", "&", "|") + " ", expr(BOOLEAN, d, sc), ")");
            case 3:
                switch (r.below(3)) {
                    case 0: return Node.expr(BOOLEAN, expr(STRING, d, sc), ".isEmpty()");
                    case 1: return Node.expr(BOOLEAN, expr(STRING, d, sc), ".equals(", expr(STRING, d, sc), ")");
                    default: return Node.expr(BOOLEAN, expr(STRING, d, sc), ".startsWith(", expr(STRING, d, sc), ")");
                }
            case 4: return Node.expr(BOOLEAN, "(", expr(OBJECT, d, sc), " == null)");
            case 5:
                if (g.release >= 16 && r.chance(0.5)) {
                    // a pattern variable, live across the awaits of the right-hand side
                    String s = sc.fresh("s");
                    return Node.expr(BOOLEAN, "((Object) ", expr(OBJECT, d, sc), " instanceof String " + s + " && " + s + ".length() < ", expr(INT, d, sc), ")");
                }
                return Node.expr(BOOLEAN, "((Object) ", expr(OBJECT, d, sc), " instanceof String)");
            default: return Node.expr(BOOLEAN, "(", expr(COLOR, d, sc), " == Color." + r.pick("RED", "GREEN", "BLUE") + ")");
        }
    }

    private static final JType[] ANY = JType.VALUES;

    private Node string(int d, Scope sc) {
        switch (r.weighted(5, 3, 2, 3, 1)) {
            case 0: {
                JType a = r.pick(ANY);
                JType b = r.pick(ANY);
                Node ea = expr(a, d, sc);
                Node eb = expr(b, d, sc);
                return Node.expr(STRING, "(", expr(STRING, d, sc), " + ", show(a, ea), " + ", show(b, eb), ")");
            }
            case 1: {
                JType a = r.pick(ANY);
                return Node.expr(STRING, "(\"\" + ", show(a, expr(a, d, sc)), ")");
            }
            case 2: {
                JType a = r.pick(NUMERIC);
                return Node.expr(STRING, "String.valueOf(", expr(a, d, sc), ")");
            }
            case 3:
                switch (r.below(8)) {
                    case 7: return g.release < 16 ? null : Node.expr(STRING, "new Rec(", expr(INT, d, sc), ", ", expr(STRING, d, sc), ").toString()");
                    case 0: return Node.expr(STRING, expr(BOX, d, sc), ".s");
                    case 1: return Node.expr(STRING, expr(BOX, d, sc), ".toString()");
                    case 2: return Node.expr(STRING, "Integer.toString(", expr(INT, d, sc), ")");
                    case 3: return Node.expr(STRING, "Long.toHexString(", expr(LONG, d, sc), ")");
                    case 4: return Node.expr(STRING, expr(COLOR, d, sc), ".name()");
                    case 5: return Node.expr(STRING, expr(STRING, d, sc), r.pick(".trim()", ".toUpperCase()", ".replace('a', 'q')"));
                    default: return Node.expr(STRING, expr(STRING, d, sc), ".concat(", expr(STRING, d, sc), ")");
                }
            default: {
                JType a = r.pick(ANY);
                if (a == OBJECT) {
                    return null; // append(null) would be ambiguous
                }
                return Node.expr(STRING, "new StringBuilder(", expr(STRING, d, sc), ").append(", show(a, expr(a, d, sc)), ").reverse().toString()");
            }
        }
    }

    /** How a value appears in a string: arrays by contents. */
    static Node show(JType t, Node e) {
        return t == INTS ? Node.fixed("Arrays.toString(", e, ")") : e;
    }
}
