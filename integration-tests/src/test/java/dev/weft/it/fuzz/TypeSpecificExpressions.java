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
 * The expressions that exist for one type only, for {@link Expressions}: arithmetic, bitwise and unary
 * operators and casts between numeric types, comparisons and boolean operators, string concatenation and
 * the library calls, constructors, records, arrays and enum constants of the support code. Operands come
 * from {@link Expressions#expr}, so awaits may appear in any of them.
 *
 * <p>It keeps the invariants of {@link Expressions}: every form has exactly its type (byte, short and char
 * are computed in int and cast back), an integral division or remainder almost always has a divisor made
 * odd ({@code | 1}), an array index is reduced into range, records and pattern variables appear only from
 * release 16, and a form that turns out inapplicable returns null before generating any operand.
 */
final class TypeSpecificExpressions {
    private final ProgramGenerator g;
    private final Expressions ex;
    private final Rand r;

    TypeSpecificExpressions(ProgramGenerator g, Expressions ex) {
        this.g = g;
        this.ex = ex;
        this.r = g.rand;
    }

    /** An operator, library call or constructor giving a {@code t}, its operands of depth {@code depth - 1}. */
    Node expr(JType t, int depth, Scope sc) {
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
            case BOX: return Node.expr(BOX, "new Box(", ex.expr(LONG, d, sc), ", ", ex.expr(STRING, d, sc), ")");
            case INTS:
                switch (r.below(5)) {
                    case 0:
                    case 1: return Node.expr(INTS, "new int[] {", ex.expr(INT, d, sc), ", ", ex.expr(INT, d, sc), ", ", ex.expr(INT, d, sc), "}");
                    case 2: return Node.expr(INTS, "(new int[1 + (", ex.expr(INT, d, sc), " & 1)][1 + (", ex.expr(INT, d, sc), " & 3)])[0]");
                    default: return Node.expr(INTS, "new int[1 + (", ex.expr(INT, d, sc), " & 3)]");
                }
            case OBJECT:
                switch (r.below(3)) {
                    case 0: return Node.expr(OBJECT, ex.expr(STRING, d, sc));
                    case 1: return Node.expr(OBJECT, ex.expr(BOX, d, sc));
                    default: return Node.expr(OBJECT, "Integer.valueOf(", ex.expr(INT, d, sc), ")");
                }
            case COLOR: return Node.expr(COLOR, "Color.values()[(", ex.expr(INT, d, sc), " & 0x7fffffff) % 3]");
            default: throw new AssertionError(t);
        }
    }

    private static final JType[] NUMERIC = {JType.BYTE, JType.SHORT, CHAR, INT, LONG, FLOAT, DOUBLE};

    private Node numeric(JType t, int d, Scope sc) {
        switch (r.weighted(8, 2, 3, 4)) {
            case 0: {
                Node a = ex.expr(t, d, sc);
                Node b = ex.expr(t, d, sc);
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
                        ? Node.expr(t, "(~(", ex.expr(t, d, sc), "))")
                        : Node.expr(t, "(-(", ex.expr(t, d, sc), "))");
            case 2: {
                JType from = r.pick(NUMERIC);
                return from == t ? null : Node.expr(t, "((" + t.java + ") ", ex.expr(from, d, sc), ")");
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
                    case 8: return g.release < 16 ? null : Node.expr(INT, "new Rec(", ex.expr(INT, d, sc), ", ", ex.expr(STRING, d, sc), ").x()");
                    case 9: return Node.expr(INT, "((java.util.function.IntSupplier) () -> d * " + r.between(2, 9) + ").getAsInt()");
                    case 0: return Node.expr(INT, ex.expr(STRING, d, sc), ".length()");
                    case 1: return Node.expr(INT, "Math.max(", ex.expr(INT, d, sc), ", ", ex.expr(INT, d, sc), ")");
                    case 2: return Node.expr(INT, "new Pair(", ex.expr(INT, d, sc), ", ", ex.expr(BOX, d, sc), ").x");
                    case 3: return Node.expr(INT, ex.expr(COLOR, d, sc), ".ordinal()");
                    case 4: return Node.expr(INT, "(", ex.expr(INTS, d, sc), ").length");
                    case 5: return Node.expr(INT, ex.expr(STRING, d, sc), ".hashCode()");
                    case 6: {
                        if (arrays.isEmpty()) {
                            return Node.expr(INT, "(", ex.expr(INTS, d, sc), ")[0]");
                        }
                        String a = r.pick(arrays).name();
                        return Node.expr(INT, a + "[(", ex.expr(INT, d, sc), " & 0x7fffffff) % " + a + ".length]");
                    }
                    default: return Node.expr(INT, "(", ex.expr(BOOLEAN, d, sc), " ? 1 : 0)");
                }
            }
            case LONG:
                switch (r.below(3)) {
                    case 0: return Node.expr(LONG, ex.expr(BOX, d, sc), ".a");
                    case 1: return Node.expr(LONG, "Math.abs(", ex.expr(LONG, d, sc), ")");
                    default: return Node.expr(LONG, "Long.rotateLeft(", ex.expr(LONG, d, sc), ", ", ex.expr(INT, d, sc), ")");
                }
            case DOUBLE:
                return r.chance(0.5)
                        ? Node.expr(DOUBLE, "Math.sqrt(Math.abs(", ex.expr(DOUBLE, d, sc), "))")
                        : Node.expr(DOUBLE, "Math.floor(", ex.expr(DOUBLE, d, sc), ")");
            case FLOAT:
                return Node.expr(FLOAT, "Math.abs(", ex.expr(FLOAT, d, sc), ")");
            default:
                throw new AssertionError(t);
        }
    }

    /** byte, short, char: computed in int and narrowed back. */
    private Node small(JType t, int d, Scope sc) {
        if (r.chance(0.5)) {
            String op = r.pick("+", "-", "*", "&", "|", "^", "/");
            Node a = ex.expr(t, d, sc);
            Node b = ex.expr(t, d, sc);
            if (op.equals("/")) {
                return Node.expr(t, "((" + t.java + ") (", a, " / (", b, " | 1)))");
            }
            return Node.expr(t, "((" + t.java + ") (", a, " " + op + " ", b, "))");
        }
        if (t == CHAR && r.chance(0.5)) {
            return Node.expr(CHAR, "((char) ('a' + (", ex.expr(INT, d, sc), " & 15)))");
        }
        return Node.expr(t, "((" + t.java + ") ", ex.expr(r.pick(NUMERIC), d, sc), ")");
    }

    private Node bool(int d, Scope sc) {
        switch (r.weighted(6, 2, 4, 2, 1, 1, 1)) {
            case 0: {
                JType n = r.pick(NUMERIC);
                return Node.expr(BOOLEAN, "(", ex.expr(n, d, sc), " " + r.pick("<", "<=", ">", ">=", "==", "!=") + " ", ex.expr(n, d, sc), ")");
            }
            case 1: return Node.expr(BOOLEAN, "(!", ex.expr(BOOLEAN, d, sc), ")");
            case 2: return Node.expr(BOOLEAN, "(", ex.expr(BOOLEAN, d, sc), " " + r.pick("&&", "||", "^", "&", "|") + " ", ex.expr(BOOLEAN, d, sc), ")");
            case 3:
                switch (r.below(3)) {
                    case 0: return Node.expr(BOOLEAN, ex.expr(STRING, d, sc), ".isEmpty()");
                    case 1: return Node.expr(BOOLEAN, ex.expr(STRING, d, sc), ".equals(", ex.expr(STRING, d, sc), ")");
                    default: return Node.expr(BOOLEAN, ex.expr(STRING, d, sc), ".startsWith(", ex.expr(STRING, d, sc), ")");
                }
            case 4: return Node.expr(BOOLEAN, "(", ex.expr(OBJECT, d, sc), " == null)");
            case 5:
                if (g.release >= 16 && r.chance(0.5)) {
                    // a pattern variable, live across the awaits of the right-hand side
                    String s = sc.fresh("s");
                    return Node.expr(BOOLEAN, "((Object) ", ex.expr(OBJECT, d, sc), " instanceof String " + s + " && " + s + ".length() < ", ex.expr(INT, d, sc), ")");
                }
                return Node.expr(BOOLEAN, "((Object) ", ex.expr(OBJECT, d, sc), " instanceof String)");
            default: return Node.expr(BOOLEAN, "(", ex.expr(COLOR, d, sc), " == Color." + r.pick("RED", "GREEN", "BLUE") + ")");
        }
    }

    private static final JType[] ANY = JType.VALUES;

    private Node string(int d, Scope sc) {
        switch (r.weighted(5, 3, 2, 3, 1)) {
            case 0: {
                JType a = r.pick(ANY);
                JType b = r.pick(ANY);
                Node ea = ex.expr(a, d, sc);
                Node eb = ex.expr(b, d, sc);
                return Node.expr(STRING, "(", ex.expr(STRING, d, sc), " + ", Expressions.show(a, ea), " + ", Expressions.show(b, eb), ")");
            }
            case 1: {
                JType a = r.pick(ANY);
                return Node.expr(STRING, "(\"\" + ", Expressions.show(a, ex.expr(a, d, sc)), ")");
            }
            case 2: {
                JType a = r.pick(NUMERIC);
                return Node.expr(STRING, "String.valueOf(", ex.expr(a, d, sc), ")");
            }
            case 3:
                switch (r.below(8)) {
                    case 7: return g.release < 16 ? null : Node.expr(STRING, "new Rec(", ex.expr(INT, d, sc), ", ", ex.expr(STRING, d, sc), ").toString()");
                    case 0: return Node.expr(STRING, ex.expr(BOX, d, sc), ".s");
                    case 1: return Node.expr(STRING, ex.expr(BOX, d, sc), ".toString()");
                    case 2: return Node.expr(STRING, "Integer.toString(", ex.expr(INT, d, sc), ")");
                    case 3: return Node.expr(STRING, "Long.toHexString(", ex.expr(LONG, d, sc), ")");
                    case 4: return Node.expr(STRING, ex.expr(COLOR, d, sc), ".name()");
                    case 5: return Node.expr(STRING, ex.expr(STRING, d, sc), r.pick(".trim()", ".toUpperCase()", ".replace('a', 'q')"));
                    default: return Node.expr(STRING, ex.expr(STRING, d, sc), ".concat(", ex.expr(STRING, d, sc), ")");
                }
            default: {
                JType a = r.pick(ANY);
                if (a == OBJECT) {
                    return null; // append(null) would be ambiguous
                }
                return Node.expr(STRING, "new StringBuilder(", ex.expr(STRING, d, sc), ").append(", Expressions.show(a, ex.expr(a, d, sc)), ").reverse().toString()");
            }
        }
    }
}
