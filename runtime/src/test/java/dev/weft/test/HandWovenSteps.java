package dev.weft.test;

import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.Outcomes;
import dev.weft.internal.WovenCoroutine;

/**
 * Coroutines with several awaits, written by hand in the weaver's shape, for the runtime's tests (which run without
 * the weaver): a {@link Step} is called at the start and again after each await with its outcome, and either
 * returns {@link Resume#await} (the frame suspends there, label = the number of awaits made) or the coroutine's
 * value; throwing fails the coroutine. An await of something already done does not suspend (the weaver's fast
 * path): the step is called again at once. A failure delivered at an await ({@link CancelledException}, or the
 * one {@link Coroutine#close()} delivers) reaches the step as {@link Resume#failure}. The step and its state live in
 * the frame's slot {@code a0} (nothing a cancel scope's liveness scan looks at).
 */
public final class HandWovenSteps {
    private HandWovenSteps() {
    }

    /** The body of a script coroutine. */
    @FunctionalInterface
    public interface Step {
        Object next(Resume r) throws Throwable;
    }

    /** What a step is resumed with. */
    public static final class Resume {
        /** How many awaits were made before this call (0 at the start). */
        public int n;
        public Object value;
        public Throwable failure;
        private Awaitable<?> next;

        private Resume() {
        }

        /** Return this from the step to await {@code awaitable}. */
        public Object await(Awaitable<?> awaitable) {
            next = awaitable;
            return this;
        }

        /** The value the last await gave, or its failure thrown as it is. */
        public Object value() {
            if (failure != null) {
                throw Outcomes.sneakyThrow(failure);
            }
            return value;
        }
    }

    /** A coroutine running {@code step} (see the class comment). */
    public static <T> Coroutine<T> script(String name, Step step) {
        WovenCoroutine<T> f = WovenCoroutine.create(HandWovenSteps::body, name, 0, 1);
        f.a0 = new Object[] {step, null};
        return f;
    }

    /** How an await ended: "value X", "cancelled: message" or "SimpleClassName: message". */
    public static String describe(Object value, Throwable failure) {
        if (failure == null) {
            return "value " + value;
        }
        if (failure instanceof CancelledException) {
            return "cancelled: " + failure.getMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /**
     * A coroutine not woven by Weft (a user-defined subclass of {@link Coroutine}), done when its promise is: what a
     * woven {@code return other;} hands to the caller's driver when {@code other} is neither woven nor finished.
     */
    public static final class Foreign<T> extends Coroutine<T> {
        public final dev.weft.Promise<T> promise = new dev.weft.Promise<>();

        @Override
        public State state() {
            return promise.isDone() ? State.CLOSED : State.SUSPENDED;
        }

        @Override
        public void close() {
            promise.cancel("closed");
        }

        @Override
        public T result() {
            return promise.result();
        }

        @Override
        public Throwable exception() {
            return promise.exception();
        }

        @Override
        public void whenDone(Runnable callback) {
            promise.whenDone(callback);
        }
    }

    private static Object body(WovenCoroutine<?> f) {
        Object[] state = (Object[]) f.a0;
        Step step = (Step) state[0];
        Resume r = (Resume) state[1];
        if (r == null) {
            r = new Resume();
            state[1] = r;
        }
        if (f.label == 0) {
            r.value = null;
            r.failure = null;
        } else {
            try {
                r.value = Intrinsics.awaitResume(f);
                r.failure = null;
            } catch (Throwable t) {
                r.value = null;
                r.failure = t;
            }
        }
        for (;;) {
            Object out;
            try {
                out = step.next(r);
            } catch (Throwable t) {
                throw Outcomes.sneakyThrow(t);
            }
            if (out != r) {
                return out;
            }
            Awaitable<?> a = r.next;
            r.next = null;
            r.n++;
            try {
                Object got = Intrinsics.awaitStart(a, f);
                if (got == Intrinsics.SUSPENDED) {
                    f.label = r.n;
                    return Intrinsics.SUSPENDED;
                }
                r.value = got;
                r.failure = null;
            } catch (Throwable t) {
                r.value = null;
                r.failure = t;
            }
        }
    }
}
