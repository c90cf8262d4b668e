package dev.weft.transformer;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A last check of the weaver's own output, without loading classes: every method it wrote is run through
 * ASM's BasicVerifier (stack heights, value categories, local use). It cannot judge reference subtyping —
 * the JVM does that at load time — but it stops the gross mistakes a corrupted input or a weaver bug would
 * otherwise ship as a VerifyError.
 */
final class WovenCodeCheck {
    private WovenCodeCheck() {
    }

    /** Problems found in the named methods of a woven class file; empty when it is sound. */
    static List<WeaveProblem> check(byte[] woven, String className, Set<String> methodNames) {
        ClassNode cls = new ClassNode();
        new ClassReader(woven).accept(cls, 0);
        List<WeaveProblem> problems = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            if (!methodNames.contains(m.name + m.desc)) {
                continue;
            }
            try {
                new Analyzer<BasicValue>(new BasicVerifier()).analyze(cls.name, m);
            } catch (AnalyzerException | RuntimeException e) {
                problems.add(new WeaveProblem(className, ProblemReporter.describe(m), cls.sourceFile, -1,
                        "weaving produced bytecode that does not verify (" + e.getMessage() + "); the class is left"
                                + " unwoven. This is a Weft bug unless the input class was itself corrupt: please report it"));
            }
        }
        return problems;
    }
}
