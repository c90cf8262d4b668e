package dev.weft.it.validation;

import dev.weft.CancelledException;
import dev.weft.ExceptionGroup;
import dev.weft.transformer.testing.TimeLimited;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cancellation and failure injected at the suspension points of the validation fixtures (issue 4): each
 * fixture, compiled by javac at {@code --release 17} with a gate before every await ({@link AwaitGates}), runs
 * once to count its suspensions (and must still return what it expects), then again with the awaiting task
 * cancelled — or the await failed — at each of up to {@link #POINTS} of them in turn. Every run must end, in
 * time, either with a value (the fixture handled it) or with the injected exception: a
 * {@code CancelledException}, or the injected {@code IllegalStateException} however the fixture wrapped or
 * grouped it. A corrupted frame after a resume would show as anything else: a wrong type, a null, a bad label.
 *
 * <p>Every finally block running exactly once, and the equality with a reference run, are checked where an
 * oracle exists: the hand-written corpus ({@code dev.weft.it.inject}) and the generated programs of the
 * differential fuzzer ({@code dev.weft.it.fuzz.Injection}).
 */
class InjectionAtEveryFixtureAwaitTest {
    private static final int POINTS = 6;
    private static final long SECONDS_PER_RUN = 20;
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AtomicInteger INJECTED = new AtomicInteger();
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static final AtomicInteger ENDED_WITH_IT = new AtomicInteger();

    @AfterAll
    static void report() {
        System.out.printf("fixture injection: %d runs, %d reached the chosen suspension: %d ended with the injected"
                + " exception, %d handled it and returned%n", RUNS.get(), INJECTED.get(), ENDED_WITH_IT.get(), HANDLED.get());
        assertTrue(INJECTED.get() > RUNS.get() * 9 / 10, "the injections reach their suspensions");
    }

    @TestFactory
    Stream<DynamicTest> cancelAndFailAtTheSuspensionsOfEveryFixture() {
        Compilers javac = Compilers.available().stream()
                .filter(c -> !c.isEcj() && c.release() == 17).findFirst().orElseThrow();
        return Fixture.all().stream().filter(f -> f.since() <= 17)
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f, javac)));
    }

    private static void check(Fixture fixture, Compilers javac) throws Exception {
        Map<String, byte[]> gated = new TreeMap<>();
        javac.compile(Map.of(fixture.className(), fixture.source()))
                .forEach((name, bytes) -> gated.put(name, AwaitGateInserter.insert(bytes)));

        AwaitGates.arm(AwaitGates.Mode.COUNT, -1);
        TimeLimited.Outcome<Object> clean = run(fixture, gated);
        assertTrue(!clean.timedOut(), fixture.name() + " finishes with gates in place");
        if (clean.failure() != null) {
            throw new AssertionError(fixture.name() + " with gates failed", clean.failure());
        }
        assertEquals(fixture.expected(), String.valueOf(clean.value()), "the gates change nothing when they inject nothing");
        int suspensions = AwaitGates.suspensions();

        List<String> failures = new ArrayList<>();
        for (int at : points(suspensions, fixture.name().hashCode())) {
            for (AwaitGates.Mode mode : List.of(AwaitGates.Mode.CANCEL, AwaitGates.Mode.FAIL)) {
                AwaitGates.arm(mode, at);
                TimeLimited.Outcome<Object> o = run(fixture, gated);
                String what = mode + " at suspension " + at + " of " + suspensions;
                RUNS.incrementAndGet();
                if (AwaitGates.injected()) {
                    INJECTED.incrementAndGet();
                    (o.failure() == null ? HANDLED : ENDED_WITH_IT).incrementAndGet();
                }
                if (o.timedOut()) {
                    failures.add(what + ": did not finish within " + SECONDS_PER_RUN + " s");
                } else if (o.failure() != null && !isInjected(o.failure(), mode)) {
                    java.io.StringWriter s = new java.io.StringWriter();
                    o.failure().printStackTrace(new java.io.PrintWriter(s));
                    failures.add(what + ": ended with something other than the injected exception:\n" + s);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(fixture.name() + ":\n" + String.join("\n", failures));
        }
    }

    /** All suspensions when at most {@link #POINTS}, else the first three, the last, and others by hash. */
    private static SortedSet<Integer> points(int suspensions, int hash) {
        SortedSet<Integer> points = new TreeSet<>();
        if (suspensions <= POINTS) {
            for (int i = 0; i < suspensions; i++) {
                points.add(i);
            }
            return points;
        }
        points.add(0);
        points.add(1);
        points.add(2);
        points.add(suspensions - 1);
        Random pick = new Random(hash);
        while (points.size() < POINTS) {
            points.add(pick.nextInt(suspensions));
        }
        return points;
    }

    /** Whether {@code t} is, or wraps or groups, the exception the run injected. */
    private static boolean isInjected(Throwable t, AwaitGates.Mode mode) {
        if (t == null) {
            return false;
        }
        if (mode == AwaitGates.Mode.CANCEL && t instanceof CancelledException) {
            return true;
        }
        if (t instanceof IllegalStateException && AwaitGates.MESSAGE.equals(t.getMessage())) {
            return true;
        }
        if (t instanceof ExceptionGroup) {
            for (Throwable member : ((ExceptionGroup) t).exceptions()) {
                if (isInjected(member, mode)) {
                    return true;
                }
            }
        }
        for (Throwable s : t.getSuppressed()) {
            if (isInjected(s, mode)) {
                return true;
            }
        }
        return t.getCause() != t && isInjected(t.getCause(), mode);
    }

    /** Weaves and loads the gated classes afresh (new static state) and runs {@code run()} with a time limit. */
    private static TimeLimited.Outcome<Object> run(Fixture fixture, Map<String, byte[]> gated) throws Exception {
        WovenLoader loader = WovenLoader.weaveAndLoad(gated);
        return TimeLimited.run("weft-fixture-injection", SECONDS_PER_RUN, () -> {
            try {
                return loader.loadClass(fixture.className()).getMethod("run").invoke(null);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
