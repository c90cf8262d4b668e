package dev.weft.transformer;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

import java.util.ArrayList;
import java.util.List;

/**
 * A full type check of a woven class, for callers that can see the application's classes — the Maven plugin
 * at build time has the project's class path. It runs ASM's SimpleVerifier, which asks {@code hierarchy} about
 * the classes the code names (loading them without initializing them), over the methods the weaver wrote, so
 * that a weaver bug is a refusal at build time instead of a {@link VerifyError} at run time. The weaver's own
 * check ({@code WovenCodeCheck}) cannot judge reference types: it must not load classes.
 *
 * <p>Where a class the code names cannot be loaded from {@code hierarchy}, the method is not judged: the
 * class path decides that at run time, not the weaver.
 */
public final class WovenClassVerifier {
    private final ClassLoader hierarchy;

    /** @param hierarchy loads the classes the woven code names, to answer subtyping questions */
    public WovenClassVerifier(ClassLoader hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** The methods of {@code woven} that do not verify, as problems; empty when all of them verify. */
    public List<WeaveProblem> check(WovenClass woven) {
        ClassNode cls = new ClassNode();
        new ClassReader(woven.bytes()).accept(cls, ClassReader.SKIP_DEBUG);
        List<Type> interfaces = new ArrayList<>();
        for (String i : cls.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        String source = sourceFile(woven.bytes());
        List<WeaveProblem> problems = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            if (!wovenByWeft(m)) {
                continue;
            }
            SimpleVerifier verifier = new SimpleVerifier(Type.getObjectType(cls.name),
                    cls.superName == null ? null : Type.getObjectType(cls.superName), interfaces,
                    (cls.access & Opcodes.ACC_INTERFACE) != 0);
            verifier.setClassLoader(hierarchy);
            try {
                new Analyzer<BasicValue>(verifier).analyze(cls.name, m);
            } catch (AnalyzerException e) {
                if (!causedByAMissingClass(e)) {
                    problems.add(new WeaveProblem(woven.className(), ProblemReporter.describe(m), source, -1,
                            "weaving produced bytecode that does not verify (" + e.getMessage() + "); nothing was"
                                    + " written. This is a Weft bug: please report it with the class file"));
                }
            } catch (RuntimeException | LinkageError e) {
                // a class the code names is missing or broken on this class path: not the weaver's to judge
            }
        }
        return problems;
    }

    /**
     * The bodies the weaver extracted ({@code lambda$name$weftN}) and the methods it rewrote into their factories
     * (bridges carrying a copy of {@code @Async} are the compiler's code, and abstract {@code @Async} methods have
     * no code: both are left as they were).
     */
    private static boolean wovenByWeft(MethodNode m) {
        return m.name.contains("$weft") || MisuseCheck.isAsync(m) && !CompilerGenerated.isBridge(m)
                && (m.access & Opcodes.ACC_ABSTRACT) == 0;
    }

    private static boolean causedByAMissingClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TypeNotPresentException || t instanceof ClassNotFoundException || t instanceof LinkageError) {
                return true;
            }
        }
        return false;
    }

    private static String sourceFile(byte[] classFile) {
        ClassNode header = new ClassNode();
        new ClassReader(classFile).accept(header, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        return header.sourceFile;
    }
}
