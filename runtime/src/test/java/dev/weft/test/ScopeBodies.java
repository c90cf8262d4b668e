package dev.weft.test;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.Outcomes;
import dev.weft.internal.WovenCoroutine;

import java.util.List;

/**
 * Scripted coroutine bodies, written the way the weaver writes them, for the tests of the cancel scopes (timeouts,
 * task groups) and the other combinators, which run without the weaver. A script is a list of steps: the first
 * runs when the coroutine starts, step {@code k} runs when the coroutine resumes from its {@code k}-th await, with
 * the outcome of that await (its value, or its failure). A step returns {@link #await(Awaitable)} to await
 * something, or any other object to complete with it, or throws to fail. It gets the frame, so it can keep what a
 * woven method keeps in its live locals across an await (a caught {@code CancelledException} in a {@code finally}
 * block, say) in the frame's reference slots: {@code a0}, {@code a1}, and in a wide frame {@code a2}, {@code a3} and
 * {@code ax[i]}. The site names await {@code k} at line {@code 10 * k} of {@code ScopeBodies.java}, so async stack
 * traces name the awaits ({@link #awaitLine}).
 */
public final class ScopeBodies {
    private ScopeBodies() {
    }

    /** One resumption of a script: the outcome of the previous await (none the first time) in, what to do next out. */
    @FunctionalInterface
    public interface Step {
        Object run(WovenCoroutine<?> frame, Object value, Throwable failure) throws Exception;
    }

    /** What a step returns to suspend on {@code awaited}. */
    private static final class Await {
        final Awaitable<?> awaited;

        Await(Awaitable<?> awaited) {
            this.awaited = awaited;
        }
    }

    /** A step that passes on the outcome of the previous await: returns its value, or throws its failure. */
    public static final Step PASS_ON = (f, v, e) -> {
        if (e != null) {
            throw Outcomes.sneakyThrow(e);
        }
        return v;
    };

    /** For a {@link Step}: await {@code awaited}; the next step gets its outcome. */
    public static Object await(Awaitable<?> awaited) {
        return new Await(awaited);
    }

    /**
     * A coroutine named {@code test.Scripted.name} running {@code steps}, in a frame with {@code refSlots} reference
     * slots (more than two makes a wide frame, more than four gives it {@code ax}).
     */
    public static <T> WovenCoroutine<T> script(String name, int refSlots, Step... steps) {
        StringBuilder lines = new StringBuilder();
        for (int k = 1; k <= steps.length; k++) {
            lines.append(k == 1 ? "" : ",").append(10 * k);
        }
        String site = "test.Scripted." + name + "\0ScopeBodies.java\0" + lines;
        Step[] copy = steps.clone();
        return WovenCoroutine.create(f -> body(f, copy), site, 0, refSlots);
    }

    /** The stack trace element of await {@code k} of the script named {@code name}. */
    public static StackTraceElement awaitLine(String name, int k) {
        return new StackTraceElement("test.Scripted", name, "ScopeBodies.java", 10 * k);
    }

    /** Whether {@code failure}'s stack trace names await {@code k} of the script named {@code name}. */
    public static boolean traceNames(Throwable failure, String name, int k) {
        return List.of(failure.getStackTrace()).contains(awaitLine(name, k));
    }

    /**
     * A coroutine named {@code test.Scripted.name} that runs {@code step} at its start and at every resumption (a
     * loop in the woven method): every await is at line 10 of the site.
     */
    public static <T> WovenCoroutine<T> repeating(String name, int refSlots, Step step) {
        String site = "test.Scripted." + name + "\0ScopeBodies.java\0" + "10";
        return WovenCoroutine.create(f -> {
            if (f.label > 0) {
                Object value = null;
                Throwable failure = null;
                try {
                    value = Intrinsics.awaitResume(f);
                } catch (Throwable t) {
                    failure = t;
                }
                return loopFrom(f, step, value, failure);
            }
            return loopFrom(f, step, null, null);
        }, site, 0, refSlots);
    }

    private static Object loopFrom(WovenCoroutine<?> f, Step step, Object value, Throwable failure) {
        for (;;) {
            Object r;
            try {
                r = step.run(f, value, failure);
            } catch (Throwable t) {
                throw Outcomes.sneakyThrow(t);
            }
            if (!(r instanceof Await)) {
                return r;
            }
            try {
                Object got = Intrinsics.awaitStart(((Await) r).awaited, f);
                if (got == Intrinsics.SUSPENDED) {
                    f.label = 1;
                    return Intrinsics.SUSPENDED;
                }
                value = got;
                failure = null;
            } catch (Throwable t) {
                value = null;
                failure = t;
            }
        }
    }

    /**
     * A coroutine that waits until cancelled, then cleans up until a step of its cleanup resumes without a
     * cancellation: every cancellation it gets is logged (its message) to {@code got} and starts a new wait, added to
     * {@code cleanups}; completing the last one ends the coroutine with {@code end}, thrown if it is a Throwable.
     */
    public static <T> WovenCoroutine<T> slowToStop(List<String> got, List<Promise<Object>> cleanups, Object end) {
        return repeating("slowToStop", 1, (f, v, e) -> {
            if (e != null) {
                got.add(e.getMessage());
            } else if (!cleanups.isEmpty()) {
                if (end instanceof Throwable) {
                    throw Outcomes.sneakyThrow((Throwable) end);
                }
                return end;
            }
            Promise<Object> p = new Promise<>();
            cleanups.add(p);
            return await(p);
        });
    }

    /** Completes the last wait {@link #slowToStop} started, on {@code loop}. */
    public static void finishCleanup(EventLoop loop, List<Promise<Object>> cleanups) {
        Promise<Object> last = cleanups.get(cleanups.size() - 1);
        loop.callSoonThreadsafe(() -> last.complete(null));
        loop.runUntilIdle();
    }

    /** Completes the returned promise after {@code passes} passes of {@code loop} (to run a loop a bounded while). */
    public static Promise<Void> afterPasses(EventLoop loop, int passes) {
        Promise<Void> done = new Promise<>();
        int[] left = {passes};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (--left[0] == 0) {
                done.complete(null);
            } else {
                loop.callSoon(tick[0]);
            }
        };
        loop.callSoonThreadsafe(tick[0]);
        return done;
    }

    /** An awaitable that is never done and cannot be cancelled (nor forget a callback). */
    public static <T> Awaitable<T> stubborn() {
        return new Awaitable<>() {
            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public T result() {
                throw new IllegalStateException("not done");
            }

            @Override
            public Throwable exception() {
                throw new IllegalStateException("not done");
            }

            @Override
            public void whenDone(Runnable callback) {
            }
        };
    }

    private static Object body(WovenCoroutine<?> f, Step[] steps) {
        int k = f.label;
        Object value = null;
        Throwable failure = null;
        if (k > 0) {
            try {
                value = Intrinsics.awaitResume(f);
            } catch (Throwable t) {
                failure = t;
            }
        }
        for (;;) {
            if (k >= steps.length) {
                throw Intrinsics.badLabel(f);
            }
            Object r;
            try {
                r = steps[k].run(f, value, failure);
            } catch (Throwable t) {
                throw Outcomes.sneakyThrow(t);
            }
            k++;
            if (!(r instanceof Await)) {
                return r;
            }
            try {
                Object got = Intrinsics.awaitStart(((Await) r).awaited, f);
                if (got == Intrinsics.SUSPENDED) {
                    f.label = k;
                    return Intrinsics.SUSPENDED;
                }
                value = got;
                failure = null;
            } catch (Throwable t) {
                value = null;
                failure = t;
            }
        }
    }
}
