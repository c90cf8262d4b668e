package dev.weft.transformer;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

import java.util.ArrayList;
import java.util.List;

/**
 * Weaves one class: checks every method for misuse, weaves each {@code @Async} method (except the forwarders a
 * compiler generated, see {@link CompilerGenerated}), marks the class as woven, and writes it. Either the whole
 * class is woven or nothing is (a problem anywhere throws, listing every problem of the class in line order).
 */
final class ClassWeaver {
    private final byte[] input;

    ClassWeaver(byte[] input) {
        this.input = input;
    }

    WovenClass weave() throws WeaveException {
        try {
            return weaveOrThrow();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // (ASM's analyzer throws AssertionError on some malformed instructions)
            // a corrupt or unusual class file can break any step; the caller gets the one documented exception
            throw new WeaveException(new WeaveProblem("?", null, null, -1,
                    "cannot weave this class (" + e + "); it is left unwoven. The class file may be corrupt"), e);
        }
    }

    private WovenClass weaveOrThrow() throws WeaveException {
        ClassNode cls = read();
        int format = WovenMarker.format(cls);
        if (format == RuntimeNames.WEAVE_FORMAT) {
            return null;
        }
        if (format > 0) {
            throw new WeaveException(List.of(new WeaveProblem(cls.name.replace('/', '.'), null, cls.sourceFile, -1,
                    "this class was woven by another version of Weft (woven-code format " + format + "; this Weft"
                            + " writes format " + RuntimeNames.WEAVE_FORMAT + ") and cannot run on this runtime or be"
                            + " woven again, its unwoven original being gone: recompile it (mvn clean)")));
        }
        ProblemReporter report = new ProblemReporter(cls);
        List<MethodNode> async = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            boolean isAsync = MisuseCheck.isAsync(m) && !CompilerGenerated.isForwarder(cls, m);
            MisuseCheck.checkAwaitPlacement(cls, m, isAsync, report);
            if (isAsync && MisuseCheck.checkAsyncMethod(cls, m, report)) {
                async.add(m);
            }
        }
        if (async.isEmpty() && !report.hasProblems()) {
            return null;
        }
        List<MethodNode> bodies = new ArrayList<>();
        for (int i = 0; i < async.size(); i++) {
            MethodNode m = async.get(i);
            // the body is the implementation of a lambda (the factory makes its CoroutineBody with
            // LambdaMetafactory), named and flagged as javac names and flags a lambda's: synthetic, so reflection
            // (frameworks' method scans) passes it over, and lambda$..., so coverage tools and debuggers still
            // treat it as the user's code, as they treat a lambda's
            String bodyName = "lambda$" + m.name + "$weft" + i;
            try {
                MethodNode body = new AsyncMethodWeaver(cls, m, bodyName, report).weave();
                if (body != null) {
                    bodies.add(body);
                }
            } catch (AnalyzerException | RuntimeException | AssertionError e) {
                report.method(m, "cannot analyse this method's bytecode (" + e.getMessage()
                        + "); the class may be corrupt or made by an unusual compiler");
            }
        }
        if (report.hasProblems()) {
            throw new WeaveException(report.problems());
        }
        cls.methods.addAll(bodies);
        WovenMarker.mark(cls);
        byte[] woven = write(cls, report);
        java.util.Set<String> written = new java.util.HashSet<>();
        for (MethodNode m : async) {
            written.add(m.name + m.desc);
        }
        for (MethodNode m : bodies) {
            written.add(m.name + m.desc);
        }
        List<WeaveProblem> unsound = WovenCodeCheck.check(woven, report.className(), written);
        if (!unsound.isEmpty()) {
            throw new WeaveException(unsound);
        }
        return new WovenClass(report.className(), woven, async.size());
    }

    private ClassNode read() throws WeaveException {
        ClassNode cls = new ClassNode();
        if (input.length < 10 || (input[0] & 0xFF) != 0xCA || (input[1] & 0xFF) != 0xFE
                || (input[2] & 0xFF) != 0xBA || (input[3] & 0xFF) != 0xBE) {
            throw new WeaveException(List.of(new WeaveProblem("?", null, null, -1,
                    "not a readable class file (it does not start with the class file magic number 0xCAFEBABE)")));
        }
        try {
            new ClassReader(input).accept(cls, ClassReader.EXPAND_FRAMES);
        } catch (RuntimeException e) {
            String why = e.getMessage() != null && e.getMessage().startsWith("Unsupported class file major version")
                    ? e.getMessage() + ": the class was compiled for a newer Java than this Weft supports; upgrade Weft"
                    : "not a readable class file (" + e + ")";
            throw new WeaveException(new WeaveProblem("?", null, null, -1, why), e);
        }
        return cls;
    }

    private static byte[] write(ClassNode cls, ProblemReporter report) throws WeaveException {
        NoLoadClassWriter writer = new NoLoadClassWriter();
        try {
            cls.accept(writer);
            return writer.toByteArray();
        } catch (MethodTooLargeException e) {
            throw new WeaveException(List.of(new WeaveProblem(report.className(), e.getMethodName(), cls.sourceFile, -1,
                    "method is too large once woven (" + e.getCodeSize() + " bytes of code, the JVM allows 65535);"
                            + " split it into smaller @Async methods")));
        } catch (ClassTooLargeException e) {
            throw new WeaveException(List.of(new WeaveProblem(report.className(), null, cls.sourceFile, -1,
                    "class is too large once woven (constant pool of " + e.getConstantPoolCount()
                            + " entries); split it")));
        }
    }
}
