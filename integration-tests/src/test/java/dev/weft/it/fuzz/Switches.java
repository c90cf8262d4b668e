package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.it.fuzz.JType.BOOLEAN;
import static dev.weft.it.fuzz.JType.CHAR;
import static dev.weft.it.fuzz.JType.COLOR;
import static dev.weft.it.fuzz.JType.INT;
import static dev.weft.it.fuzz.JType.STRING;

/**
 * Generates every switch form of {@code --release 17} on int, char, String (with hash-colliding labels) and
 * an enum: statements in colon form (fall-through, case groups, break) and arrow form (expression, block and
 * throw rules); switch expressions in both forms, whose blocks yield and may contain loops and try
 * statements, inside larger expressions. A switch expression with a try makes javac park the operand stack in
 * locals, a shape the weaver must follow.
 */
final class Switches {
    private final ProgramGenerator g;
    private final Expressions ex;
    private final Rand r;

    Switches(ProgramGenerator g, Expressions ex) {
        this.g = g;
        this.ex = ex;
        this.r = g.rand;
    }

    /** A switch statement, colon form (with fall-through and case groups) or arrow form. */
    Node statement(Scope sc, int depth, String ind) {
        JType selType = r.pick(INT, INT, CHAR, STRING, COLOR);
        Node sel = selector(selType, g.statements.exprDepth() - 1, sc);
        List<String> labels = labels(selType, r.between(1, 4));
        boolean hasDefault = r.chance(0.6);
        boolean arrow = g.release >= 14 && r.chance(0.5);
        Scope.Target target = new Scope.Target(null, Scope.Target.Kind.SWITCH);
        sc.pushTarget(target);
        Node s = Node.stmt(ind + "switch (", sel, ") {\n");
        String in = ind + "    ";
        boolean lastCompletes = true;
        boolean anyRuleCompletes = false;
        int groups = labels.size() + (hasDefault ? 1 : 0);
        for (int i = 0; i < groups; i++) {
            boolean isDefault = i == labels.size();
            if (arrow) {
                String head = isDefault ? "default" : "case " + labels.get(i);
                switch (r.weighted(3, 4, 1)) {
                    case 0:
                        s.add(Node.stmt(in + head + " -> t(\"" + g.tag("r") + " \" + ", g.statements.show(sc), ");\n"));
                        anyRuleCompletes = true;
                        break;
                    case 1: {
                        Node b = g.statements.block(sc, depth - 1, in, r.between(1, 3));
                        s.add(Node.stmt(in + head + " -> ", b, "\n"));
                        anyRuleCompletes |= b.completes;
                        break;
                    }
                    default:
                        s.add(Node.stmt(in + head + " -> throw ", g.statements.exception(sc), ";\n"));
                        break;
                }
            } else {
                String head = isDefault ? "default:" : "case " + labels.get(i) + ":";
                if (!isDefault && i + 1 < labels.size() && r.chance(0.2)) {
                    i++;
                    head += " case " + labels.get(i) + ":";
                }
                Node b = g.statements.block(sc, depth - 1, in, r.between(1, 3));
                Node group = Node.stmt(in + head + " ", b, "\n");
                lastCompletes = b.completes;
                if (b.completes && r.chance(0.7)) {
                    group.add(in + "    break;\n");
                    target.jumpedTo = true;
                    lastCompletes = false;
                }
                s.add(group);
            }
        }
        sc.popTarget();
        s.add(ind + "}\n");
        s.completes = !hasDefault || target.jumpedTo || (arrow ? anyRuleCompletes : lastCompletes);
        return s;
    }

    /*
     * Every yield casts its value to the switch's type: "yield (x ? a : b);" would be parsed as a call of a
     * method named yield (javac looks past the parentheses for the ';'). A cast to the same type emits no code.
     */

    /** A switch expression, arrow or colon form, on int, char, String or an enum, with blocks that yield. */
    Node expression(JType t, int depth, Scope sc) {
        if (depth < 2 || g.switchExpressionBudget <= 0 || g.release < 14) {
            return null;
        }
        g.switchExpressionBudget--;
        JType selType = r.pick(INT, INT, CHAR, STRING, COLOR);
        Node sel = selector(selType, depth - 1, sc);
        List<String> labels = labels(selType, r.between(1, 3));
        boolean arrow = r.chance(0.6);
        boolean needDefault = selType != COLOR || labels.size() < 3 || r.chance(0.5);
        Object token = sc.enterSwitchExpression();
        String ind = "            ";
        Node sw = Node.expr(t, "(switch (", sel, ") {\n");
        int groups = labels.size() + (needDefault ? 1 : 0);
        boolean anyValue = false;
        for (int i = 0; i < groups; i++) {
            boolean isDefault = i == labels.size();
            String head = isDefault ? "default" : "case " + labels.get(i);
            boolean last = i == groups - 1;
            if (arrow) {
                int form = last && !anyValue ? 0 : r.weighted(5, 3, 1);
                if (form == 0) {
                    sw.add(Node.stmt(ind + head + " -> ", ex.expr(t, depth - 1, sc), ";\n"));
                    anyValue = true;
                } else if (form == 1) {
                    int mark = sc.enter();
                    Node block = Node.stmt(ind + head + " -> {\n");
                    List<Node> body = g.statements.statements(sc, depth - 2, ind + "    ", r.between(1, 3));
                    block.add(body);
                    if (ProgramGenerator.completes(body)) {
                        block.add(Node.stmt(ind + "    yield " + t.cast(), ex.expr(t, depth - 1, sc), ";\n"));
                        anyValue = true;
                    }
                    sc.exit(mark);
                    sw.add(block.add(ind + "}\n"));
                } else {
                    sw.add(Node.stmt(ind + head + " -> throw new IllegalStateException(\"" + g.tag("x") + "\");\n"));
                }
            } else {
                Node group = Node.stmt(ind + head + ":\n");
                int mark = sc.enter();
                boolean fallThrough = !last && r.chance(0.3);
                // the last group must yield if no group did: a switch expression needs a value
                int count = last && !anyValue ? 0 : r.between(0, 2);
                List<Node> body = g.statements.statements(sc, depth - 2, ind + "    ", count);
                group.add(body);
                boolean completes = ProgramGenerator.completes(body);
                if (completes && !fallThrough) {
                    group.add(Node.fixed(ind + "    yield " + t.cast(), ex.expr(t, depth - 1, sc), ";\n"));
                    anyValue = true;
                } else if (completes && last) {
                    group.add(ind + "    throw new IllegalStateException(\"" + g.tag("x") + "\");\n");
                }
                sc.exit(mark);
                sw.add(group);
            }
        }
        sc.leaveSwitchExpression(token);
        return sw.add(ind + "})");
    }

    /** A selector of a switch: sometimes masked so that the cases are hit. */
    Node selector(JType t, int depth, Scope sc) {
        if (t == INT && r.chance(0.5)) {
            return Node.expr(INT, "(", ex.expr(INT, depth, sc), " & 3)");
        }
        if (t == STRING && r.chance(0.4)) {
            return Node.expr(STRING, "(", ex.expr(BOOLEAN, depth, sc), r.pick(" ? \"a\" : \"b\")", " ? \"Aa\" : \"BB\")"));
        }
        return ex.expr(t, depth, sc);
    }

    /** Distinct case labels for a selector type. */
    List<String> labels(JType t, int n) {
        List<String> pool;
        switch (t) {
            case INT: pool = new ArrayList<>(List.of("0", "1", "2", "3", "-1", "7", "42")); break;
            case CHAR: pool = new ArrayList<>(List.of("'a'", "'b'", "'c'", "'x'")); break;
            // "Aa" and "BB" have the same hashCode: javac's string switch then compares within one hash case
            case STRING: pool = new ArrayList<>(List.of("\"a\"", "\"b\"", "\"c\"", "\"xy\"", "\"\"", "\"Aa\"", "\"BB\"")); break;
            case COLOR: pool = new ArrayList<>(List.of("RED", "GREEN", "BLUE")); break;
            default: throw new AssertionError(t);
        }
        List<String> out = new ArrayList<>();
        while (out.size() < n && !pool.isEmpty()) {
            out.add(pool.remove(r.below(pool.size())));
        }
        return out;
    }
}
