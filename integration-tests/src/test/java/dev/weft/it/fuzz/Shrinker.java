package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shrinks a failing program while it keeps failing the same way, within a time budget. Greedy passes over
 * the {@link Node} tree, repeated until none makes progress:
 * <ol>
 *   <li>delete removable children (methods, support members, statements, catch and finally clauses) in
 *       chunks, halving the chunk size (delta debugging's ddmin, simplified);</li>
 *   <li>replace a compound statement by the statements inside it (unwrap if, loops, try, switch);</li>
 *   <li>replace an expression by the plainest constant of its type, or by a sub-expression of the same type
 *       (which unwraps awaits, ternaries and operators).</li>
 * </ol>
 * A candidate that javac rejects, or that stops failing, or fails another way, is undone.
 */
final class Shrinker {
    private final Predicate<String> stillFails;
    private final long deadline;
    private int tests;

    /**
     * @param stillFails whether a program (woven spelling) still shows the failure being shrunk
     * @param budgetMillis how long shrinking may take
     */
    Shrinker(Predicate<String> stillFails, long budgetMillis) {
        this.stillFails = stillFails;
        this.deadline = System.currentTimeMillis() + budgetMillis;
    }

    /** Candidates tried so far. */
    int tests() {
        return tests;
    }

    /** Shrinks {@code root} in place. */
    void shrink(Node root) {
        boolean progress = true;
        while (progress && !timeUp()) {
            progress = deletePass(root);
            progress |= unwrapPass(root);
            progress |= expressionPass(root);
        }
    }

    private boolean timeUp() {
        return System.currentTimeMillis() > deadline;
    }

    private boolean test(Node root) {
        if (timeUp()) {
            return false;
        }
        tests++;
        return stillFails.test(root.render());
    }

    private boolean deletePass(Node root) {
        boolean progress = false;
        for (Node parent : nodes(root)) {
            List<Node> kids = removableChildren(parent);
            for (int chunk = Math.max(1, kids.size()); chunk >= 1 && !timeUp(); chunk /= 2) {
                for (int start = 0; start < kids.size() && !timeUp(); ) {
                    List<Node> cut = kids.subList(start, Math.min(kids.size(), start + chunk));
                    List<Object> saved = new ArrayList<>(parent.parts);
                    Set<Node> gone = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
                    gone.addAll(cut);
                    parent.parts.removeIf(gone::contains);
                    if (test(root)) {
                        progress = true;
                        kids = removableChildren(parent);
                    } else {
                        parent.parts.clear();
                        parent.parts.addAll(saved);
                        start += chunk;
                    }
                }
            }
        }
        return progress;
    }

    private boolean unwrapPass(Node root) {
        boolean progress = false;
        for (Map.Entry<Node, Node> e : parents(root).entrySet()) {
            Node stmt = e.getKey();
            Node parent = e.getValue();
            if (stmt.kind != Node.Kind.STMT || timeUp()) {
                continue;
            }
            List<Node> inner = new ArrayList<>();
            collectStatements(stmt, inner, true);
            if (inner.isEmpty()) {
                continue;
            }
            int at = indexOf(parent, stmt);
            if (at < 0) {
                continue; // already removed with an ancestor
            }
            parent.parts.remove(at);
            parent.parts.addAll(at, inner);
            if (test(root)) {
                progress = true;
            } else {
                parent.parts.subList(at, at + inner.size()).clear();
                parent.parts.add(at, stmt);
            }
        }
        return progress;
    }

    private boolean expressionPass(Node root) {
        boolean progress = false;
        for (Map.Entry<Node, Node> e : parents(root).entrySet()) {
            Node expr = e.getKey();
            Node parent = e.getValue();
            if (expr.kind != Node.Kind.EXPR || timeUp()) {
                continue;
            }
            List<Node> candidates = new ArrayList<>();
            String plain = expr.type.simplest();
            if (!expr.render().equals(plain)) {
                candidates.add(Node.expr(expr.type, plain));
            }
            sameTyped(expr, expr.type, candidates, 3);
            for (Node c : candidates) {
                int at = indexOf(parent, expr);
                if (at < 0) {
                    break;
                }
                parent.parts.set(at, c);
                if (test(root)) {
                    progress = true;
                    break;
                }
                parent.parts.set(at, expr);
            }
        }
        return progress;
    }

    /** Up to {@code max} proper descendants that are expressions of type {@code t}, outermost first. */
    private static void sameTyped(Node n, JType t, List<Node> out, int max) {
        List<Node> level = new ArrayList<>();
        for (Object p : n.parts) {
            if (p instanceof Node) {
                level.add((Node) p);
            }
        }
        while (!level.isEmpty() && out.size() < max) {
            List<Node> next = new ArrayList<>();
            for (Node c : level) {
                if (c.kind == Node.Kind.EXPR && c.type == t && out.size() < max) {
                    out.add(c);
                }
                for (Object p : c.parts) {
                    if (p instanceof Node) {
                        next.add((Node) p);
                    }
                }
            }
            level = next;
        }
    }

    /** The outermost statements inside {@code n} (not {@code n} itself). */
    private static void collectStatements(Node n, List<Node> out, boolean top) {
        if (!top && n.kind == Node.Kind.STMT) {
            out.add(n);
            return;
        }
        for (Object p : n.parts) {
            if (p instanceof Node) {
                collectStatements((Node) p, out, false);
            }
        }
    }

    private static List<Node> removableChildren(Node parent) {
        List<Node> out = new ArrayList<>();
        for (Object p : parent.parts) {
            if (p instanceof Node && ((Node) p).removable()) {
                out.add((Node) p);
            }
        }
        return out;
    }

    private static List<Node> nodes(Node root) {
        List<Node> out = new ArrayList<>();
        root.forEach(out::add);
        return out;
    }

    /** Every node but the root, mapped to its parent, in preorder. */
    private static Map<Node, Node> parents(Node root) {
        Map<Node, Node> out = new java.util.LinkedHashMap<>();
        root.forEach(n -> {
            for (Object p : n.parts) {
                if (p instanceof Node) {
                    out.put((Node) p, n);
                }
            }
        });
        return out;
    }

    private static int indexOf(Node parent, Node child) {
        for (int i = 0; i < parent.parts.size(); i++) {
            if (parent.parts.get(i) == child) {
                return i;
            }
        }
        return -1;
    }
}
