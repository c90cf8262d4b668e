package dev.weft.agent;

import dev.weft.transformer.NotWovenRedirect;
import dev.weft.transformer.WeaveException;
import dev.weft.transformer.WeaveProblem;
import dev.weft.transformer.Weaver;
import dev.weft.transformer.WovenClass;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Weaves classes as they load. Returns null (the class loads as it is) for: a null class name (hidden
 * classes), {@link ExcludedClasses JDK and Weft classes}, and classes that {@link Weaver#mightNeedWeaving} rules
 * out. A class the agent leaves unwoven on purpose (refused by the weaver, failed on, or outside the include
 * patterns) loads otherwise as it is, with its {@code Weft.await} calls redirected ({@link NotWovenRedirect}) to
 * an error that gives that reason; a class without awaits loads unchanged.
 *
 * <p>Invariants: {@link #transform} never throws. Output: on refusal {@code [weft] not woven: <class> (<n>
 * problems); it loads as compiled...} followed by one compiler-style line per problem, in line order (see {@link NotWovenReport}); on
 * any other failure one line, {@code [weft] failed to weave <class>: <exception>}; with {@code verbose} also
 * {@code [weft] wove <class> (<n> methods)} and {@code [weft] not included: <class> ...}. Thread-safe: it holds
 * no mutable state.
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
            if (className == null || ExcludedClasses.isExcluded(className) || !Weaver.mightNeedWeaving(classfileBuffer)) {
                return null;
            }
            // a retransformation (another agent's) weaves again what this transformer wove at load time, to the
            // same bytes; what loading the class reported is not reported twice
            Consumer<String> out = classBeingRedefined == null ? report : line -> { };
            if (!options.isIncluded(className)) {
                return notIncluded(className, classfileBuffer, out);
            }
            return weave(className, classfileBuffer, out);
        } catch (Throwable unexpected) {
            // only reachable if reporting itself fails: the class loads unwoven, as documented
            return null;
        }
    }

    private byte[] weave(String internalName, byte[] classFile, Consumer<String> out) {
        String name = internalName.replace('/', '.');
        WovenClass woven;
        try {
            woven = weaving.weave(classFile);
        } catch (WeaveException e) {
            List<WeaveProblem> problems = problemsOf(name, e);
            byte[] redirected = NotWovenRedirect.redirect(classFile, NotWovenReport.refusalReason(name, problems));
            NotWovenReport.refusal(name, problems, redirected != null).forEach(out);
            return redirected;
        } catch (Throwable e) {
            out.accept("[weft] failed to weave " + name + ": " + e);
            return NotWovenRedirect.redirect(classFile, NotWovenReport.failureReason(name, e));
        }
        if (woven == null) {
            return null;
        }
        if (dump != null) {
            try {
                dump.write(internalName, woven.bytes());
            } catch (IOException | RuntimeException e) {
                out.accept("[weft] could not dump " + name + " to " + options.dumpDirectory() + ": " + e);
            }
        }
        if (options.verbose()) {
            int n = woven.methodsWoven();
            out.accept("[weft] wove " + name + " (" + n + (n == 1 ? " method)" : " methods)"));
        }
        return woven.bytes();
    }

    /** A class outside the include patterns: its awaits, if any, say so. */
    private byte[] notIncluded(String internalName, byte[] classFile, Consumer<String> out) {
        String name = internalName.replace('/', '.');
        byte[] redirected = NotWovenRedirect.redirectAwaits(classFile, NotWovenReport.notIncludedReason(name, options.includes()));
        if (redirected != null && options.verbose()) {
            out.accept("[weft] not included: " + name + " (its awaits throw, naming the include patterns)");
        }
        return redirected;
    }

    /**
     * The refusal's problems, in line order as the weaver lists them, each naming the class (the weaver says "?"
     * when it could not read the class's name); one made of the message if the exception has none.
     */
    private static List<WeaveProblem> problemsOf(String name, WeaveException e) {
        List<WeaveProblem> problems = e.problems();
        if (problems == null || problems.isEmpty()) {
            return List.of(new WeaveProblem(name, null, null, -1, String.valueOf(e.getMessage())));
        }
        List<WeaveProblem> named = new ArrayList<>(problems.size());
        for (WeaveProblem p : problems) {
            named.add("?".equals(p.className()) ? new WeaveProblem(name, p.method(), p.sourceFile(), p.line(), p.message()) : p);
        }
        return named;
    }
}
