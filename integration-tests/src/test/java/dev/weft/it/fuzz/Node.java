package dev.weft.it.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A generated program as a tree of text: each node is a sequence of literal fragments and child nodes, and
 * the program's source is their concatenation. The tree exists for the shrinker, which deletes
 * {@linkplain #removable() removable} nodes (statements, catch clauses, methods) and replaces
 * {@linkplain Kind#EXPR expressions} by simpler ones of the same {@linkplain #type type}.
 */
final class Node {
    enum Kind {
        /** Structure the shrinker must keep as it is (headers, the awaitable inside an await). */
        FIXED,
        /** A statement in a block (may be deleted). */
        STMT,
        /** A catch or finally clause (may be deleted). */
        CLAUSE,
        /** A member of the generated class (may be deleted). */
        MEMBER,
        /** An expression of {@link #type} (may be replaced). */
        EXPR
    }

    final Kind kind;
    /** The static type of an {@link Kind#EXPR}; null otherwise. */
    final JType type;
    final List<Object> parts = new ArrayList<>();
    /** Generation-time only: whether this statement can complete normally (JLS 14.22). */
    boolean completes = true;

    Node(Kind kind, JType type) {
        this.kind = kind;
        this.type = type;
    }

    static Node fixed(Object... parts) {
        return new Node(Kind.FIXED, null).add(parts);
    }

    static Node stmt(Object... parts) {
        return new Node(Kind.STMT, null).add(parts);
    }

    static Node expr(JType type, Object... parts) {
        return new Node(Kind.EXPR, type).add(parts);
    }

    /** Appends fragments: strings, nodes, or lists of nodes. */
    Node add(Object... more) {
        for (Object p : more) {
            if (p instanceof List) {
                parts.addAll((List<?>) p);
            } else if (p != null) {
                parts.add(p);
            }
        }
        return this;
    }

    boolean removable() {
        return kind == Kind.STMT || kind == Kind.CLAUSE || kind == Kind.MEMBER;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        render(sb);
        return sb.toString();
    }

    private void render(StringBuilder sb) {
        for (Object p : parts) {
            if (p instanceof Node) {
                ((Node) p).render(sb);
            } else {
                sb.append((String) p);
            }
        }
    }

    /** Visits this node and its descendants, parents first. */
    void forEach(Consumer<Node> visitor) {
        visitor.accept(this);
        for (Object p : parts) {
            if (p instanceof Node) {
                ((Node) p).forEach(visitor);
            }
        }
    }

    /** How many nodes this tree has: the shrinker's measure of size. */
    int size() {
        int[] n = {0};
        forEach(x -> n[0]++);
        return n[0];
    }
}
