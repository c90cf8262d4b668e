package dev.weft.it.fuzz;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.testing.BytesClassLoader;
import dev.weft.transformer.testing.TimeLimited;
import dev.weft.transformer.testing.WovenLoader;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The oracle: compiles both spellings of a program in one javac run, weaves the woven one with the real
 * {@code Weaver}, verifies it with CheckClassAdapter and loads it ({@link WovenLoader}), runs it under
 * {@code Weft.run} and the reference directly, and compares the two traces. When they agree, it runs both again
 * with a cancellation, and then a failure, injected at some of the program's pauses ({@link Injection}), and
 * compares those traces too.
 */
final class DifferentialOracle {
    /** The woven run's time limit; a program runs in milliseconds. */
    private static final long TIMEOUT_SECONDS = 20;
    /**
     * The reference's, shorter: synchronous, it is the faster run, and a program it cannot finish in this time
     * is one the generator should not have made (a loop that is not bounded enough).
     */
    private static final long REFERENCE_TIMEOUT_SECONDS = 5;
    /** At most this many pauses of a program get a cancellation and a failure injected (see {@link Injection}). */
    static final int INJECTIONS = 4;

    /** The loader the programs' classes see the runtime and the test classes through. */
    private static final ClassLoader PARENT = DifferentialOracle.class.getClassLoader();

    private final FuzzCompiler compiler;
    /** Pairs of runs with an injection, how many of them ended cancelled, and cancellations a program caught and survived. */
    private long injectedRuns;
    private long endedCancelled;
    private long cancellationHandled;

    DifferentialOracle(FuzzCompiler compiler) {
        this.compiler = compiler;
    }

    /** What the injected runs so far did, for the fuzzer's reports. */
    String injectionStats() {
        return injectedRuns + " runs with a cancellation or failure injected (" + endedCancelled + " ended cancelled, "
                + cancellationHandled + " caught the cancellation and finished otherwise)";
    }

    Verdict check(String wovenSource) {
        Map<String, byte[]> all;
        try {
            all = compiler.compile(Map.of(
                    Variant.WOVEN.className(), wovenSource,
                    Variant.REFERENCE.className(), Variant.REFERENCE.spell(wovenSource)), Variant.release(wovenSource));
        } catch (FuzzCompiler.CompileError e) {
            Verdict.Kind kind = e.getMessage().startsWith("javac crashed") ? Verdict.Kind.JAVAC_CRASHED : Verdict.Kind.INVALID;
            return new Verdict(kind, e.getMessage(), null, null);
        }
        Map<String, byte[]> woven = only(all, Variant.WOVEN);
        Map<String, byte[]> reference = only(all, Variant.REFERENCE);

        BytesClassLoader refLoader = new BytesClassLoader(reference, PARENT);
        Throwable refLink = link(refLoader, reference.keySet());
        if (refLink != null) {
            return new Verdict(Verdict.Kind.JAVAC_MISCOMPILED, stack(refLink), null, null);
        }
        Injection pauses = Injection.counting();
        TimeLimited.Outcome<String> ref = run(() -> pauses.during(() -> go(refLoader, Variant.REFERENCE)), REFERENCE_TIMEOUT_SECONDS);
        if (ref.timedOut()) {
            return new Verdict(Verdict.Kind.REFERENCE_TIMEOUT, "the reference run took over " + REFERENCE_TIMEOUT_SECONDS + " s", null, null);
        }
        if (ref.failure() instanceof VerifyError) {
            return new Verdict(Verdict.Kind.JAVAC_MISCOMPILED, stack(ref.failure()), null, null);
        }
        if (ref.failure() != null) {
            throw new IllegalStateException("the reference run failed outside the program", ref.failure());
        }

        WovenLoader loader;
        try {
            loader = WovenLoader.weaveAndLoad(woven);
        } catch (WeaveException e) {
            if (e.getMessage().contains("too large once woven")) {
                return new Verdict(Verdict.Kind.TOO_LARGE, e.getMessage(), null, ref.value());
            }
            return new Verdict(Verdict.Kind.WEAVE_FAILED, e.getMessage(), null, ref.value());
        } catch (AssertionError e) {
            return new Verdict(Verdict.Kind.VERIFY_FAILED, e.getMessage(), null, ref.value());
        } catch (RuntimeException e) {
            return new Verdict(Verdict.Kind.WEAVE_FAILED, "the weaver crashed: " + stack(e), null, ref.value());
        }
        Throwable wovenLink = link(loader, woven.keySet());
        if (wovenLink != null) {
            return new Verdict(Verdict.Kind.LOAD_FAILED, stack(wovenLink), null, ref.value());
        }
        TimeLimited.Outcome<String> out = run(() -> go(loader, Variant.WOVEN), TIMEOUT_SECONDS);
        if (out.timedOut()) {
            return new Verdict(Verdict.Kind.WOVEN_TIMEOUT, "the woven run took over " + TIMEOUT_SECONDS + " s", null, ref.value());
        }
        if (out.failure() instanceof LinkageError) {
            return new Verdict(Verdict.Kind.LOAD_FAILED, stack(out.failure()), null, ref.value());
        }
        if (out.failure() != null) {
            throw new IllegalStateException("the woven run failed outside the program", out.failure());
        }
        if (!out.value().equals(ref.value())) {
            return new Verdict(Verdict.Kind.TRACE_DIFFERS, Verdict.firstDifference(out.value(), ref.value()), out.value(), ref.value());
        }
        Map<String, byte[]> wovenBytes = new TreeMap<>();
        woven.keySet().forEach(name -> wovenBytes.put(name, loader.bytes(name)));
        for (int at : injectionPoints(pauses.pauses(), wovenSource.hashCode())) {
            for (Injection.Mode mode : Injection.Mode.values()) {
                Verdict v = injected(reference, wovenBytes, mode, at, pauses.pauses());
                if (v.kind() != Verdict.Kind.SAME) {
                    return v;
                }
            }
        }
        return new Verdict(Verdict.Kind.SAME, "", out.value(), ref.value());
    }

    /**
     * The pauses a program is cancelled and failed at: all of them when there are at most {@link #INJECTIONS},
     * else the first, the last and others picked by the program's hash (so a rerun picks the same).
     */
    static java.util.SortedSet<Integer> injectionPoints(int pauses, int hash) {
        java.util.SortedSet<Integer> points = new java.util.TreeSet<>();
        if (pauses <= INJECTIONS) {
            for (int i = 0; i < pauses; i++) {
                points.add(i);
            }
            return points;
        }
        points.add(0);
        points.add(pauses - 1);
        java.util.Random pick = new java.util.Random(hash);
        while (points.size() < INJECTIONS) {
            points.add(pick.nextInt(pauses));
        }
        return points;
    }

    /** Runs both spellings, fresh, with {@code mode} injected at pause {@code at}, and compares them. */
    private Verdict injected(Map<String, byte[]> reference, Map<String, byte[]> woven, Injection.Mode mode, int at, int pauses) {
        Injection refSide = Injection.at(mode, at);
        TimeLimited.Outcome<String> ref = run(() -> refSide.during(() -> go(new BytesClassLoader(reference, PARENT), Variant.REFERENCE)), REFERENCE_TIMEOUT_SECONDS);
        String what = refSide.describe(pauses) + ": ";
        if (ref.timedOut()) {
            return new Verdict(Verdict.Kind.REFERENCE_TIMEOUT, what + "the reference run took over " + REFERENCE_TIMEOUT_SECONDS + " s", null, null);
        }
        if (ref.failure() != null) {
            throw new IllegalStateException(what + "the reference run failed outside the program", ref.failure());
        }
        if (!refSide.injected()) {
            throw new IllegalStateException(what + "the reference run did not reach that pause: pauses are not deterministic");
        }
        Injection wovenSide = Injection.at(mode, at);
        TimeLimited.Outcome<String> out = run(() -> wovenSide.during(() -> go(new BytesClassLoader(woven, PARENT), Variant.WOVEN)), TIMEOUT_SECONDS);
        if (out.timedOut()) {
            return new Verdict(Verdict.Kind.WOVEN_TIMEOUT, what + "the woven run took over " + TIMEOUT_SECONDS + " s", null, ref.value());
        }
        if (out.failure() != null) {
            throw new IllegalStateException(what + "the woven run failed outside the program", out.failure());
        }
        if (!out.value().equals(ref.value())) {
            return new Verdict(Verdict.Kind.INJECTED_TRACE_DIFFERS, what + Verdict.firstDifference(out.value(), ref.value()), out.value(), ref.value());
        }
        injectedRuns++;
        if (ref.value().contains("\nexc:CancelledException:") || ref.value().startsWith("exc:CancelledException:")) {
            endedCancelled++;
        } else if (mode == Injection.Mode.CANCEL) {
            cancellationHandled++;
        }
        if (wovenSide.leftPending() > 0) {
            return new Verdict(Verdict.Kind.INJECTED_LEFT_PENDING, what + "the promise the task was suspended on was left pending",
                    out.value(), ref.value());
        }
        return new Verdict(Verdict.Kind.SAME, "", out.value(), ref.value());
    }

    private static Map<String, byte[]> only(Map<String, byte[]> all, Variant v) {
        Map<String, byte[]> out = new TreeMap<>();
        all.forEach((name, bytes) -> {
            if (name.startsWith(v.pkg + ".")) {
                out.put(name, bytes);
            }
        });
        return out;
    }

    /**
     * Loads and links (so the JVM verifies) every class of a program before it runs, without initializing
     * them; a class that fails would otherwise fail inside the program, where its catch clauses hide it.
     */
    private static Throwable link(ClassLoader loader, java.util.Set<String> names) {
        for (String name : names) {
            try {
                Class.forName(name, false, loader).getDeclaredMethods(); // reflection links the class
            } catch (LinkageError | ClassNotFoundException e) {
                return e;
            }
        }
        return null;
    }

    private static String go(ClassLoader loader, Variant v) throws Throwable {
        try {
            return (String) loader.loadClass(v.className()).getMethod("go").invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A run of a program, on a thread of its own with a time limit: its trace, or what escaped, or a time-out. */
    private static TimeLimited.Outcome<String> run(TimeLimited.Program<String> program, long timeoutSeconds) {
        return TimeLimited.run("weft-fuzz-run", timeoutSeconds, program);
    }

    static String stack(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "\n..." : s;
    }
}
