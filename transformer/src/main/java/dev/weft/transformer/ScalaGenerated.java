package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * The methods the Scala compiler makes of a user's code, which cannot suspend, and what to write instead when an
 * {@code await} lands in one. Scala 2.12+ and Scala 3 compile a function literal to a synthetic method,
 * {@code $anonfun$<enclosing>$N} (Scala 2) or {@code <enclosing>$$anonfun$N} (Scala 3): the body of a
 * {@code for} comprehension ({@code foreach}, {@code map}, {@code flatMap}) and every lambda handed to a collection
 * method. A {@code try} used as a value inside a larger expression (an operand, an argument) becomes a synthetic
 * method {@code liftedTreeN$M}, because the JVM empties the operand stack when it catches. Both are separate
 * methods, called by the library or the enclosing method, so the enclosing {@code @Async} method's coroutine
 * cannot suspend inside them.
 */
final class ScalaGenerated {
    private static final String ANONFUN = "$anonfun$";
    private static final String LIFTED_TREE = "liftedTree";

    private ScalaGenerated() {
    }

    /** The advice for an await in {@code method} if Scala made it, else null. */
    static String notAsyncMessage(MethodNode method) {
        if ((method.access & Opcodes.ACC_SYNTHETIC) == 0) {
            return null;
        }
        if (method.name.contains(ANONFUN)) {
            return "await(...) inside a Scala function literal (in " + enclosing(method.name) + "): the body of a"
                    + " for comprehension (foreach, map, flatMap) or of a lambda handed to a collection method is a"
                    + " method of its own, which cannot suspend. Write the loop as a while loop in the @Async method"
                    + " (var i = 1; while (i <= n) { ... await(...) ...; i += 1 }), or await the elements' work one"
                    + " by one in the @Async method itself";
        }
        if (method.name.startsWith(LIFTED_TREE)) {
            return "await(...) inside a Scala try expression used as a value inside a larger expression: the"
                    + " compiler lifted the try into the method " + method.name + ", which cannot suspend. Bind the"
                    + " try's result to a local of its own first (val r = try { ... } catch { ... }), then use r in"
                    + " the expression";
        }
        return null;
    }

    /** The user's method a function literal was written in: {@code total} of {@code $anonfun$total$1}. */
    private static String enclosing(String name) {
        int at = name.indexOf(ANONFUN);
        String around;
        if (at == 0) { // Scala 2: $anonfun$total$1
            String rest = name.substring(ANONFUN.length());
            int end = rest.lastIndexOf('$');
            around = end > 0 ? rest.substring(0, end) : rest;
        } else { // Scala 3: total$$anonfun$1
            around = name.substring(0, name.charAt(at - 1) == '$' ? at - 1 : at);
        }
        return around.isEmpty() ? "an anonymous function" : around;
    }
}
