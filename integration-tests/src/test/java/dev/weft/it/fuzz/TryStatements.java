package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates try statements: try/catch/finally and try-with-resources (one or two {@code Res}, whose
 * {@code close()} may throw), with catch clauses for unchecked exceptions, the checked {@code Checked} (only
 * where javac sees the try block can throw it), {@code RuntimeException}, {@code Exception} and
 * {@code CancelledException} (which only an {@link Injection} throws). Catch and
 * finally bodies may await, rethrow, wrap or return; nested up to three deep by the statement generator.
 *
 * <p>Keeps javac's rules: a catch of a checked exception needs a try block that can throw it, and a finally that
 * cannot complete normally cancels the jumps and exceptions of the try block and catch clauses.
 */
final class TryStatements {
    private final ProgramGenerator g;
    private final Rand r;

    TryStatements(ProgramGenerator g) {
        this.g = g;
        this.r = g.rand;
    }

    /** try with one to three catch clauses and/or a finally; catch bodies may await, rethrow or wrap. */
    Node statement(Scope sc, int depth, String ind) {
        boolean outerChecked = g.mayThrowChecked;
        g.mayThrowChecked = false;
        List<Boolean> jumpedBefore = new ArrayList<>();
        for (Scope.Target t : sc.targets()) {
            jumpedBefore.add(t.jumpedTo);
        }
        sc.tryDepth++;
        // try-with-resources: Res traces its opening and closing, and a name starting with ! makes close() throw
        Node resources = null;
        if (r.chance(0.25)) {
            resources = Node.fixed("(");
            for (int i = r.between(1, 2); i > 0; i--) {
                String name = sc.fresh("r");
                resources.add("Res " + name + " = new Res(\"" + (r.chance(0.2) ? "!" : "") + name + "\" + ", g.statements.show(sc), ")",
                        i > 1 ? "; " : ") ");
            }
        }
        Node body = g.statements.block(sc, depth - 1, ind, r.between(1, 3));
        boolean bodyThrowsChecked = g.mayThrowChecked;
        Node s = Node.stmt(ind + "try ", resources, body);

        List<String> catches = new ArrayList<>();
        switch (r.below(5)) {
            case 0: catches.add("IllegalStateException | ArithmeticException"); break;
            case 1: catches.add("IllegalStateException"); break;
            case 2: catches.add("ArithmeticException"); break;
            case 3: catches.add("IllegalStateException"); catches.add("ArithmeticException"); break;
            default: break;
        }
        if (bodyThrowsChecked && r.chance(0.4)) {
            catches.add("Checked");
        }
        if (r.chance(0.3)) {
            catches.add("RuntimeException");
        }
        if (r.chance(0.4)) {
            catches.add("Exception");
        }
        if (r.chance(0.15)) {
            // sees a cancellation injected at a pause (see Injection); fully qualified: the same class in both spellings
            catches.add(r.below(catches.size() + 1), "dev.weft.CancelledException");
        }
        boolean hasFinally = resources == null ? catches.isEmpty() || r.chance(0.4) : r.chance(0.3);
        boolean catchesChecked = catches.contains("Checked") || catches.contains("Exception");
        boolean completes = body.completes;
        boolean clausesThrowChecked = false;
        for (String type : catches) {
            g.mayThrowChecked = false;
            String e = sc.fresh("e");
            int mark = sc.enter();
            List<Node> stmts = new ArrayList<>();
            stmts.add(Node.stmt(ind + "    t(\"" + g.tag("c") + " \" + ex(" + e + "));\n"));
            stmts.addAll(g.statements.statements(sc, depth - 1, ind + "    ", r.between(0, 2)));
            if (ProgramGenerator.completes(stmts) && r.chance(0.2)) {
                Node rethrow = Node.stmt(ind + "    throw " + (r.chance(0.5) ? e : "new IllegalStateException(\"w\" + " + e + ".getMessage())") + ";\n");
                rethrow.completes = false;
                stmts.add(rethrow);
            }
            sc.exit(mark);
            boolean clauseCompletes = ProgramGenerator.completes(stmts);
            completes |= clauseCompletes;
            clausesThrowChecked |= g.mayThrowChecked;
            Node clause = new Node(Node.Kind.CLAUSE, null).add(" catch (" + type + " " + e + ") {\n", stmts, ind + "}");
            s.add(clause);
        }
        boolean finallyThrowsChecked = false;
        if (hasFinally) {
            // record the jumps made in the finally itself: they stand even if it cannot complete normally
            List<Boolean> jumpedBeforeFinally = new ArrayList<>();
            for (Scope.Target t : sc.targets()) {
                jumpedBeforeFinally.add(t.jumpedTo);
                t.jumpedTo = false;
            }
            g.mayThrowChecked = false;
            int mark = sc.enter();
            List<Node> stmts = new ArrayList<>();
            stmts.add(Node.stmt(ind + "    t(\"" + g.tag("f") + "\");\n"));
            stmts.addAll(g.statements.statements(sc, depth - 1, ind + "    ", r.between(0, 3)));
            sc.exit(mark);
            finallyThrowsChecked = g.mayThrowChecked;
            boolean finallyCompletes = ProgramGenerator.completes(stmts);
            for (int i = 0; i < jumpedBefore.size(); i++) {
                // a finally that cannot complete normally cancels the jumps of the try block and catch clauses
                Scope.Target t = sc.targets().get(i);
                t.jumpedTo |= finallyCompletes ? jumpedBeforeFinally.get(i) : jumpedBefore.get(i);
            }
            if (!finallyCompletes) {
                // ... and discards whatever they threw
                completes = false;
                bodyThrowsChecked = false;
                clausesThrowChecked = false;
            }
            s.add(new Node(Node.Kind.CLAUSE, null).add(" finally {\n", stmts, ind + "}"));
        }
        sc.tryDepth--;
        g.mayThrowChecked = outerChecked || (bodyThrowsChecked && !catchesChecked) || clausesThrowChecked || finallyThrowsChecked;
        s.completes = completes;
        return s.add("\n");
    }
}
