package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.it.fuzz.JType.BOOLEAN;
import static dev.weft.it.fuzz.JType.BOX;
import static dev.weft.it.fuzz.JType.CHAR;
import static dev.weft.it.fuzz.JType.COLOR;
import static dev.weft.it.fuzz.JType.INT;
import static dev.weft.it.fuzz.JType.INTS;
import static dev.weft.it.fuzz.JType.LONG;
import static dev.weft.it.fuzz.JType.STRING;

/**
 * Generates statements: declarations and assignments of every type, field and array updates, trace
 * entries and dumps of the locals, bounded loops (for, while, do-while, for-each; labelled; with break and
 * continue), labelled blocks, if/else, throws of checked and unchecked exceptions, early returns and tail
 * calls; switch statements come from {@link Switches}, try statements from {@link TryStatements}, and break,
 * continue, throw and return statements from {@link AbruptStatements}.
 *
 * <p>A block stops after a statement that cannot complete normally (JLS 14.22), so no statement is
 * unreachable; {@link Node#completes} carries that fact up.
 */
final class Statements {
    private static final JType[] DECLARED = {
            JType.BOOLEAN, JType.BYTE, JType.SHORT, CHAR, INT, INT, LONG, JType.FLOAT, JType.DOUBLE,
            STRING, STRING, BOX, INTS, JType.OBJECT, COLOR};

    private final ProgramGenerator g;
    private final Expressions ex;
    private final Rand r;
    private final AbruptStatements abrupt;

    Statements(ProgramGenerator g, Expressions ex) {
        this.g = g;
        this.ex = ex;
        this.r = g.rand;
        this.abrupt = new AbruptStatements(g, ex, this);
    }

    /** Up to {@code count} statements; fewer when one cannot complete normally. */
    List<Node> statements(Scope sc, int depth, String ind, int count) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Node s = statement(sc, depth, ind, i == count - 1);
            out.add(s);
            if (!s.completes) {
                break;
            }
        }
        return out;
    }

    /** {@code { statements }} in a scope of its own; often marked in the trace when entered. */
    Node block(Scope sc, int depth, String ind, int count) {
        int mark = sc.enter();
        List<Node> body = new ArrayList<>();
        if (r.chance(0.5)) {
            body.add(Node.stmt(ind + "    t(\"" + g.tag("b") + "\");\n"));
        }
        body.addAll(statements(sc, depth, ind + "    ", count));
        sc.exit(mark);
        Node b = Node.fixed("{\n", body, ind + "}");
        b.completes = ProgramGenerator.completes(body);
        return b;
    }

    int exprDepth() {
        return 1 + r.weighted(4, 2, 1);
    }

    private Node statement(Scope sc, int depth, String ind, boolean last) {
        for (;;) {
            Node s = attempt(sc, depth, ind, last);
            if (s != null) {
                return s;
            }
        }
    }

    private Node attempt(Scope sc, int depth, String ind, boolean last) {
        boolean nest = depth > 0;
        switch (r.weighted(
                6,                                  // declaration
                4,                                  // assignment
                4,                                  // trace
                4,                                  // await / call statement
                2,                                  // field or array update
                nest ? 3 : 0,                       // if
                nest && sc.loopDepth < 2 ? 3 : 0,   // loop
                nest ? 2 : 0,                       // switch statement
                nest && sc.tryDepth < 3 ? 3 : 0,    // try
                sc.targets().isEmpty() ? 0 : 2,     // break / continue
                sc.tryDepth > 0 ? 2 : r.chance(0.3) ? 1 : 0, // throw
                sc.returnAllowed() && r.chance(0.5) ? 1 : 0, // return
                nest ? 1 : 0,                       // block
                2,                                  // dump of the locals
                nest ? 1 : 0,                       // labelled block
                nest && !sc.noAwait ? 1 : 0)) {     // synchronized block
            case 0: return declaration(sc, ind);
            case 1: return assignment(sc, ind);
            case 2: return trace(sc, ind);
            case 3: return awaitStatement(sc, ind);
            case 4: return update(sc, ind);
            case 5: return ifStatement(sc, depth, ind);
            case 6: return loop(sc, depth, ind);
            case 7: return g.switches.statement(sc, depth, ind);
            case 8: return g.tries.statement(sc, depth, ind);
            case 9: return abrupt.jump(sc, ind, last);
            case 10: return abrupt.throwStatement(sc, ind, last);
            case 11: return abrupt.returnStatement(sc, ind, last);
            case 12: {
                Node b = block(sc, depth - 1, ind, r.between(1, 3));
                Node s = Node.stmt(ind, b, "\n");
                s.completes = b.completes;
                return s;
            }
            case 13:
                return dump(sc, ind);
            case 14:
                return labelledBlock(sc, depth, ind);
            default:
                return synchronizedBlock(sc, depth, ind);
        }
    }

    /** {@code synchronized (lock) { ... }} without an await inside (the weaver refuses one), with awaits around it. */
    private Node synchronizedBlock(Scope sc, int depth, String ind) {
        sc.noAwait = true;
        Node b = block(sc, depth - 1, ind, r.between(1, 3));
        sc.noAwait = false;
        Node s = Node.stmt(ind + "synchronized (" + r.pick("INST", "P.class", "TRACE") + ") ", b, "\n");
        s.completes = b.completes;
        return s;
    }

    /** {@code L: { ... break L; ... }}. */
    private Node labelledBlock(Scope sc, int depth, String ind) {
        Scope.Target target = new Scope.Target(sc.fresh("B"), Scope.Target.Kind.BLOCK);
        sc.pushTarget(target);
        Node b = block(sc, depth - 1, ind, r.between(1, 3));
        sc.popTarget();
        Node s = Node.stmt(ind + target.label + ": ", b, "\n");
        s.completes = b.completes || target.jumpedTo;
        return s;
    }

    /**
     * Traces every local in scope: a weaver that restores a local wrongly after a suspension shows up here
     * even if the value never reaches the result.
     */
    Node dump(Scope sc, String ind) {
        List<Scope.Local> all = sc.all();
        if (all.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(ind + "t(\"" + g.tag("d") + "\"");
        for (Scope.Local l : all) {
            text.append(" + \" \" + ").append(l.type().show(l.name()));
        }
        return Node.stmt(text.append(");\n").toString());
    }

    private Node declaration(Scope sc, String ind) {
        JType t = r.pick(DECLARED);
        Node init = ex.expr(t, exprDepth(), sc);
        String name = sc.fresh("v");
        sc.declare(name, t, true);
        return Node.stmt(ind + t.java + " " + name + " = ", init, ";\n");
    }

    private Node assignment(Scope sc, String ind) {
        List<Scope.Local> ls = sc.assignable();
        if (ls.isEmpty()) {
            return null;
        }
        Scope.Local l = r.pick(ls);
        JType t = l.type();
        String v = l.name();
        if (t.isNumeric()) {
            String one = t == LONG ? "1L" : "1";
            switch (r.below(t.isIntegral() ? 9 : 6)) {
                case 0: return Node.stmt(ind + v + " = ", ex.expr(t, exprDepth(), sc), ";\n");
                case 1: return Node.stmt(ind + v + " += ", ex.expr(t, exprDepth(), sc), ";\n");
                case 2: return Node.stmt(ind + v + " -= ", ex.expr(t, exprDepth(), sc), ";\n");
                case 3: return Node.stmt(ind + v + " *= ", ex.expr(t, exprDepth(), sc), ";\n");
                case 4: return Node.stmt(ind + r.pick(v + "++;\n", "--" + v + ";\n"));
                case 5: return t.isIntegral()
                        ? Node.stmt(ind + v + " /= (", ex.expr(t, exprDepth(), sc), " | " + one + ");\n")
                        : Node.stmt(ind + v + " /= ", ex.expr(t, exprDepth(), sc), ";\n");
                case 6: return Node.stmt(ind + v + " " + r.pick("|=", "&=", "^=") + " ", ex.expr(t, exprDepth(), sc), ";\n");
                case 7: return Node.stmt(ind + v + " " + r.pick("<<=", ">>=", ">>>=") + " ", ex.expr(INT, exprDepth(), sc), ";\n");
                default: return Node.stmt(ind + v + " %= (", ex.expr(t, exprDepth(), sc), " | " + one + ");\n");
            }
        }
        if (t == BOOLEAN) {
            return Node.stmt(ind + v + " " + r.pick("=", "&=", "|=", "^=") + " ", ex.expr(t, exprDepth(), sc), ";\n");
        }
        if (t == STRING) {
            return r.chance(0.5)
                    ? Node.stmt(ind + v + " = cap(", ex.expr(t, exprDepth(), sc), ");\n")
                    : Node.stmt(ind + v + " = cap(" + v + " + ", show(sc), ");\n");
        }
        return Node.stmt(ind + v + " = ", ex.expr(t, exprDepth(), sc), ";\n");
    }

    /** Some value of some type, as it appears in a string. */
    Node show(Scope sc) {
        JType t = r.pick(JType.VALUES);
        return Expressions.show(t, ex.expr(t, exprDepth(), sc));
    }

    private Node trace(Scope sc, String ind) {
        String tag = g.tag("t");
        if (r.chance(0.3)) {
            return Node.stmt(ind + "t(\"" + tag + " \" + ", show(sc), " + \",\" + ", show(sc), ");\n");
        }
        return Node.stmt(ind + "t(\"" + tag + " \" + ", show(sc), ");\n");
    }

    private Node awaitStatement(Scope sc, String ind) {
        if (sc.noAwait) {
            return null;
        }
        switch (r.below(6)) {
            case 0:
                return Node.stmt(ind + "await(Weft.sleep(Duration.ZERO));\n");
            case 1:
            case 2: {
                List<MethodSig> callable = new ArrayList<>();
                for (MethodSig m : g.methods) {
                    if (m.callableFrom(sc.method)) {
                        callable.add(m);
                    }
                }
                MethodSig m = r.pick(callable);
                return Node.stmt(ind + "if (d > 0) await(", ex.invocation(m, exprDepth() - 1, sc), ");\n");
            }
            case 3: {
                // a promise made now and awaited later, perhaps several times; later() completes it meanwhile
                String q = sc.fresh("q");
                String make = r.pick("done(", "later(", "later(", "failU(");
                String end = make.equals("failU(") ? ", \"" + g.tag("q") + "\");\n" : ");\n";
                Node s = Node.stmt(ind + "Promise<Integer> " + q + " = " + make, ex.expr(INT, exprDepth() - 1, sc), end);
                sc.declare(q, JType.PROMISE, false);
                return s;
            }
            default: {
                JType t = r.pick(JType.VALUES);
                Node aw = ex.awaitOf(t, ex.expr(t, exprDepth() - 1, sc), sc);
                return Node.stmt(ind + "t(\"" + g.tag("w") + " \" + ", Expressions.show(t, aw), ");\n");
            }
        }
    }

    /** Read-modify-write of a static field, an instance field, a box's field or an array element. */
    private Node update(Scope sc, String ind) {
        switch (r.below(6)) {
            case 0: return Node.stmt(ind + "sInt " + r.pick("=", "+=", "-=", "^=") + " ", ex.expr(INT, exprDepth(), sc), ";\n");
            case 1: return Node.stmt(ind + "sLong " + r.pick("=", "+=", "*=", "|=") + " ", ex.expr(LONG, exprDepth(), sc), ";\n");
            case 2: return Node.stmt(ind + "sStr = cap(sStr + ", show(sc), ");\n");
            case 3: {
                String recv = sc.method.owner().fieldF(r);
                return Node.stmt(ind + recv + " " + r.pick("=", "+=", "-=", "*=") + " ", ex.expr(INT, exprDepth(), sc), ";\n");
            }
            case 4: {
                List<Scope.Local> boxes = sc.locals(BOX, false);
                Node recv = boxes.isEmpty() || r.chance(0.3)
                        ? Node.fixed("(", ex.expr(BOX, exprDepth() - 1, sc), ")")
                        : Node.fixed(r.pick(boxes).name());
                return r.chance(0.6)
                        ? Node.stmt(ind, recv, ".a " + r.pick("=", "+=", "-=", "^=") + " ", ex.expr(LONG, exprDepth(), sc), ";\n")
                        : Node.stmt(ind, recv, ".s = cap(", ex.expr(STRING, exprDepth(), sc), ");\n");
            }
            default: {
                List<Scope.Local> arrays = sc.locals(INTS, false);
                if (arrays.isEmpty()) {
                    return Node.stmt(ind + "(", ex.expr(INTS, exprDepth() - 1, sc), ")[0] += ", ex.expr(INT, exprDepth(), sc), ";\n");
                }
                String a = r.pick(arrays).name();
                Node index = Node.fixed(a + "[(", ex.expr(INT, exprDepth() - 1, sc), " & 0x7fffffff) % " + a + ".length]");
                switch (r.below(3)) {
                    case 0: return Node.stmt(ind, index, " = ", ex.expr(INT, exprDepth(), sc), ";\n");
                    case 1: return Node.stmt(ind, index, " " + r.pick("+=", "*=", "<<=") + " ", ex.expr(INT, exprDepth(), sc), ";\n");
                    default: return Node.stmt(ind, index, "++;\n");
                }
            }
        }
    }

    private Node ifStatement(Scope sc, int depth, String ind) {
        Node cond = ex.expr(BOOLEAN, exprDepth(), sc);
        Node then = block(sc, depth - 1, ind, r.between(1, 3));
        Node s = Node.stmt(ind + "if (", cond, ") ", then);
        if (r.chance(0.4)) {
            Node otherwise = block(sc, depth - 1, ind, r.between(1, 3));
            s.add(" else ", otherwise);
            s.completes = then.completes || otherwise.completes;
        }
        return s.add("\n");
    }

    /** A bound of at most 3 iterations, sometimes awaited. */
    private Node bound(Scope sc) {
        Node lit = Node.expr(INT, String.valueOf(r.between(0, 3)));
        return r.chance(0.35) && !sc.noAwait ? ex.awaitOf(INT, lit, sc, true) : lit;
    }

    private Node loop(Scope sc, int depth, String ind) {
        String label = r.chance(0.25) ? sc.fresh("L") : null;
        String labelText = label == null ? "" : label + ": ";
        Scope.Target target = new Scope.Target(label, Scope.Target.Kind.LOOP);
        int mark = sc.enter();
        sc.loopDepth++;
        Node s;
        switch (r.below(4)) {
            case 0: {
                String i = sc.fresh("i");
                Node b = bound(sc);
                sc.declare(i, INT, false);
                sc.pushTarget(target);
                // the update may await too: it adds exactly 1, now or after a suspension (fixed: not shrunk to 0)
                Node update = Node.fixed(i + "++");
                if (r.chance(0.2) && !sc.noAwait) {
                    Node aw = ex.awaitOf(INT, Node.fixed("1"), sc, true);
                    update = Node.fixed(i + " += ").add(aw.parts);
                }
                s = Node.stmt(ind + labelText + "for (int " + i + " = 0; " + i + " < ", b, "; ", update, ") ",
                        block(sc, depth - 1, ind, r.between(1, 3)), "\n");
                break;
            }
            case 1: {
                String w = sc.fresh("w");
                sc.pushTarget(target);
                s = Node.stmt(ind + "int " + w + " = 0;\n" + ind + labelText + "while (" + w + "++ < ", bound(sc), ") ",
                        block(sc, depth - 1, ind, r.between(1, 3)), "\n");
                break;
            }
            case 2: {
                String w = sc.fresh("w");
                sc.pushTarget(target);
                Node body = block(sc, depth - 1, ind, r.between(1, 3));
                s = Node.stmt(ind + "int " + w + " = 0;\n" + ind + labelText + "do ", body, " while (" + w + "++ < ", bound(sc), ");\n");
                s.completes = body.completes || target.jumpedTo;
                break;
            }
            default: {
                String x = sc.fresh("x");
                Node array = ex.expr(INTS, exprDepth() - 1, sc);
                sc.declare(x, INT, false);
                sc.pushTarget(target);
                s = Node.stmt(ind + labelText + "for (int " + x + " : ", array, ") ", block(sc, depth - 1, ind, r.between(1, 3)), "\n");
                break;
            }
        }
        sc.popTarget();
        sc.loopDepth--;
        sc.exit(mark);
        return s;
    }

    Node exception(Scope sc) {
        String tag = g.tag("e");
        switch (r.below(4)) {
            case 0:
                g.mayThrowChecked = true;
                return Node.fixed("new Checked(\"" + tag + "\" + ", show(sc), ")");
            case 1: return Node.fixed("new ArithmeticException(\"" + tag + "\")");
            case 2: return Node.fixed("new RuntimeException(\"" + tag + "\" + ", show(sc), ")");
            default: return Node.fixed("new IllegalStateException(\"" + tag + "\")");
        }
    }

    /** {@code return Coroutine.of(value)} or {@code Coroutine.done()}. */
    Node returnValue(Scope sc) {
        JType t = sc.method.returns();
        return t == null ? Node.fixed("Coroutine.done()") : Node.fixed("Coroutine.of(", ex.expr(t, exprDepth(), sc), ")");
    }
}
