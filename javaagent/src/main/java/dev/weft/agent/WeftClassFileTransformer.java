package dev.weft.agent;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.WeaveProblem;
import dev.weft.transformer.Weaver;
import dev.weft.transformer.WovenClass;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.function.Consumer;

/**
 * Weaves classes as they load. Returns null (the class loads as it is) for: a null class name (hidden
 * classes), {@link ExcludedClasses JDK and Weft classes}, classes not matching the include patterns, and
 * classes that {@link Weaver#mightNeedWeaving} rules out; and also when weaving refuses or fails.
 *
 * <p>Invariants: {@link #transform} never throws; each class costs at most one line of output: on refusal
 * {@code [weft] not woven: <class>: <first problem> (+N more)}, on any other failure
 * {@code [weft] failed to weave <class>: <exception>}, and with {@code verbose}
 * {@code [weft] wove <class> (<n> methods)}. Thread-safe: it holds no mutable state.
 */
public final class WeftClassFileTransformer implements ClassFileTransformer {
    private final AgentOptions options;
    private final ClassWeaving weaving;
    private final ClassDump dump;
    private final Consumer<String> report;

    /** Weaves with the real transformer and reports to System.err. */
    WeftClassFileTransformer(AgentOptions options) {
        this(options, new Weaver()::weave, line -> System.err.println(line));
    }

    WeftClassFileTransformer(AgentOptions options, ClassWeaving weaving, Consumer<String> report) {
        this.options = options;
        this.weaving = weaving;
        this.dump = options.dumpDirectory() == null ? null : new ClassDump(options.dumpDirectory());
        this.report = report;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        try {
            if (className == null || ExcludedClasses.isExcluded(className) || !options.isIncluded(className)
                    || !Weaver.mightNeedWeaving(classfileBuffer)) {
                return null;
            }
            return weave(className, classfileBuffer);
        } catch (Throwable unexpected) {
            // only reachable if reporting itself fails: the class loads unwoven, as documented
            return null;
        }
    }

    private byte[] weave(String internalName, byte[] classFile) {
        String name = internalName.replace('/', '.');
        WovenClass woven;
        try {
            woven = weaving.weave(classFile);
        } catch (WeaveException e) {
            report.accept("[weft] not woven: " + name + ": " + describe(e));
            return null;
        } catch (Throwable e) {
            report.accept("[weft] failed to weave " + name + ": " + e);
            return null;
        }
        if (woven == null) {
            return null;
        }
        if (dump != null) {
            try {
                dump.write(internalName, woven.bytes());
            } catch (IOException | RuntimeException e) {
                report.accept("[weft] could not dump " + name + " to " + options.dumpDirectory() + ": " + e);
            }
        }
        if (options.verbose()) {
            int n = woven.methodsWoven();
            report.accept("[weft] wove " + name + " (" + n + (n == 1 ? " method)" : " methods)"));
        }
        return woven.bytes();
    }

    /** The first problem, and how many more there are. */
    private static String describe(WeaveException e) {
        List<WeaveProblem> problems = e.problems();
        if (problems == null || problems.isEmpty()) {
            return String.valueOf(e.getMessage());
        }
        String first = problems.get(0).toString();
        return problems.size() == 1 ? first : first + " (+" + (problems.size() - 1) + " more)";
    }
}
