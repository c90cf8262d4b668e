package dev.weft.transformer;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Collects the problems of one class, each located at its class, method, source file and line. */
final class ProblemReporter {
    private final ClassNode cls;
    private final List<WeaveProblem> problems = new ArrayList<>();

    ProblemReporter(ClassNode cls) {
        this.cls = cls;
    }

    /** A problem at an instruction (its line is the line of the nearest preceding line-number entry). */
    void at(MethodNode method, AbstractInsnNode insn, String message) {
        problems.add(new WeaveProblem(className(), describe(method), cls.sourceFile, lineOf(insn), message));
    }

    /** A problem with a whole method (located at its first line). */
    void method(MethodNode method, String message) {
        problems.add(new WeaveProblem(className(), describe(method), cls.sourceFile, firstLine(method), message));
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    int count() {
        return problems.size();
    }

    /**
     * Every problem so far, in source line order (problems without a line first), whatever order the checks
     * found them in; problems on the same line keep the order they were found in.
     */
    List<WeaveProblem> problems() {
        List<WeaveProblem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.comparingInt(WeaveProblem::line));
        return sorted;
    }

    String className() {
        return cls.name.replace('/', '.');
    }

    /** {@code name(int, String)}: how a Java developer names the method. */
    static String describe(MethodNode method) {
        StringJoiner params = new StringJoiner(", ", method.name + "(", ")");
        for (Type t : Type.getArgumentTypes(method.desc)) {
            String name = t.getClassName();
            params.add(name.substring(name.lastIndexOf('.') + 1));
        }
        return params.toString();
    }

    static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode n = insn; n != null; n = n.getPrevious()) {
            if (n instanceof LineNumberNode) {
                return ((LineNumberNode) n).line;
            }
        }
        return -1;
    }

    static int firstLine(MethodNode method) {
        if (method.instructions == null) {
            return -1;
        }
        for (AbstractInsnNode n : method.instructions) {
            if (n instanceof LineNumberNode) {
                return ((LineNumberNode) n).line;
            }
        }
        return -1;
    }
}
