package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates one program from a seed: class {@code P} with two to five {@code @Async} methods {@code m0..}
 * (static or instance, each returning a {@code Coroutine} of some type, {@code m0} called by the entry point
 * {@code go()}), in the {@linkplain Variant#WOVEN woven} spelling. The same seed always gives the same
 * program.
 */
final class ProgramGenerator {
    private static final JType[] RETURNED = {
            JType.INT, JType.INT, JType.LONG, JType.DOUBLE, JType.FLOAT, JType.BOOLEAN, JType.BYTE, JType.SHORT,
            JType.CHAR, JType.STRING, JType.STRING, JType.BOX, JType.INTS, JType.OBJECT, JType.COLOR};

    final Rand rand;
    /** The {@code --release} the program is written for: 8, 11 or 17. */
    final int release;
    final List<MethodSig> methods = new ArrayList<>();
    final Expressions expressions;
    final Statements statements;
    final Switches switches;
    final TryStatements tries;
    /** Whether the code generated since the enclosing try began may throw {@code Checked} (as javac judges it). */
    boolean mayThrowChecked;
    /** Switch expressions left for the current method: they are big. */
    int switchExpressionBudget;
    private int tags;

    private ProgramGenerator(long seed) {
        this.rand = new Rand(seed);
        this.release = rand.pick(8, 11, 17, 17);
        this.expressions = new Expressions(this);
        this.statements = new Statements(this, expressions);
        this.switches = new Switches(this, expressions);
        this.tries = new TryStatements(this);
    }

    static Node generate(long seed) {
        return new ProgramGenerator(seed).program(seed);
    }

    /** A short unique tag for trace entries and exception messages. */
    String tag(String prefix) {
        return prefix + tags++;
    }

    /** Whether a statement list can complete normally: its last statement can (no statement is unreachable). */
    static boolean completes(List<Node> statements) {
        return statements.isEmpty() || statements.get(statements.size() - 1).completes;
    }

    private Node program(long seed) {
        int count = rand.between(2, 4);
        for (int i = 0; i < count; i++) {
            List<JType> params = new ArrayList<>();
            for (int p = rand.between(0, 3); p > 0; p--) {
                params.add(rand.pick(JType.VALUES));
            }
            JType returns = rand.chance(0.1) ? null : rand.pick(RETURNED);
            Owner owner = Owner.values()[rand.weighted(5, 3, 1, 1, 1, 1)];
            methods.add(new MethodSig(i, "m" + i, returns, params, owner));
        }
        Node root = Node.fixed(Variant.header(seed, release), "public class P {\n");
        for (String member : SupportCode.MEMBERS) {
            root.add(new Node(Node.Kind.MEMBER, null).add(member));
        }
        if (release >= 16) {
            root.add(new Node(Node.Kind.MEMBER, null).add(SupportCode.RECORD));
        }
        Node nested = container("    static final class N {\n", "");
        Node inner = container("    final class Inner {\n", "    static final Inner IN = INST.new Inner();\n");
        Node iface = container("    interface I {\n", "    static final I IMPL = new I() { };\n");
        for (MethodSig m : methods) {
            Node member = method(m);
            switch (m.owner().container()) {
                case "N": nested.parts.add(nested.parts.size() - 1, member); break;
                case "Inner": inner.parts.add(inner.parts.size() - 1, member); break;
                case "I": iface.parts.add(iface.parts.size() - 1, member); break;
                default: root.add("\n", member);
            }
        }
        for (Node c : List.of(nested, inner, iface)) {
            if (c.parts.size() > 3) {
                root.add("\n", c);
            }
        }
        MethodSig main = methods.get(0);
        StringBuilder call = new StringBuilder(main.owner().receiver(Owner.P_STATIC, rand)).append("m0(").append(rand.between(1, 3));
        for (JType p : main.params()) {
            call.append(", ").append(p.literal(rand));
        }
        call.append(")");
        String run = "Weft.run(" + call + ")";
        root.add("\n", SupportCode.entry(main.returns() == null ? run : main.returns().show(run)), "}\n");
        return root;
    }

    /** A nested type holding generated methods, with the field that gives access to its instance. */
    private static Node container(String open, String instanceField) {
        return new Node(Node.Kind.MEMBER, null).add(instanceField, open, "    }\n");
    }

    private Node method(MethodSig m) {
        Scope sc = new Scope(m);
        switchExpressionBudget = 2;
        mayThrowChecked = false;
        StringBuilder header = new StringBuilder("    " + m.owner().modifiers)
                .append(m.coroutineType()).append(' ').append(m.name()).append("(int d");
        StringBuilder entryTrace = new StringBuilder("        t(\"" + m.name() + " d=\" + d");
        sc.declare("d", JType.INT, false);
        for (int i = 0; i < m.params().size(); i++) {
            JType p = m.params().get(i);
            String name = sc.fresh("p");
            boolean varargs = m.varargs() && i == m.params().size() - 1;
            header.append(", ").append(varargs ? "int..." : p.java).append(' ').append(name);
            entryTrace.append(" + \" \" + ").append(p.show(name));
            sc.declare(name, p, true);
        }
        header.append(") throws Checked {\n");
        Node body = Node.fixed(header.toString(), Node.stmt(entryTrace + ");\n"));
        List<Node> stmts = statements.statements(sc, 3, "        ", rand.between(3, 7));
        body.add(stmts);
        if (completes(stmts)) {
            body.add(statements.dump(sc, "        "));
            body.add(Node.stmt("        return ", statements.returnValue(sc), ";\n"));
        }
        return new Node(Node.Kind.MEMBER, null).add(body, "    }\n");
    }
}
