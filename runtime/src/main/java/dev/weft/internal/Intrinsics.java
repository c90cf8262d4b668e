package dev.weft.internal;

import dev.weft.Awaitable;
import dev.weft.Coroutine;

import java.util.concurrent.CompletionStage;

/**
 * The calls woven code makes. Each {@code Weft.await(x)} in an {@code @Async} method becomes
 * {@code awaitStart(x, frame)}: if it returns {@link #SUSPENDED} the body saves its live state and
 * returns {@code SUSPENDED}; otherwise it returned the awaited value (the fast path: nothing saved, nothing
 * allocated). At the resume label the body restores its state and calls {@link #awaitResume}, which
 * returns the value or throws the failure, inside the user's try blocks.
 */
public final class Intrinsics {
    /** Returned by a body that suspended, and by {@code awaitStart} when the body must suspend. */
    public static final Object SUSPENDED = new Object() {
        @Override
        public String toString() {
            return "SUSPENDED";
        }
    };

    /**
     * How many coroutine bodies an await may run nested on the Java stack before it hands the child to the
     * task's trampoline instead. Bounds the Java stack for any depth of awaits while keeping the common
     * shallow case free of suspensions.
     */
    static final int MAX_INLINE_DEPTH = 24;

    private Intrinsics() {
    }

    /** {@code Weft.await(Awaitable)} in woven code. */
    public static Object awaitStart(Awaitable<?> awaited, WovenCoroutine<?> self) {
        if (awaited instanceof WovenCoroutine) {
            return startChild((WovenCoroutine<?>) awaited, self);
        }
        if (awaited == null) {
            throw new NullPointerException("await(null) in " + self.name());
        }
        if (awaited.isDone()) {
            return outcomeOf(awaited);
        }
        self.awaiting = awaited;
        return SUSPENDED;
    }

    /** The value of a done awaitable, or its failure thrown as it is. */
    private static Object outcomeOf(Awaitable<?> done) {
        Throwable failure = done.exception();
        if (failure != null) {
            throw Outcomes.sneakyThrow(failure);
        }
        return done.result();
    }

    private static Object startChild(WovenCoroutine<?> child, WovenCoroutine<?> self) {
        child.claim();
        child.parent = self;
        if (self.inlineDepth < MAX_INLINE_DEPTH) {
            child.inlineDepth = (byte) (self.inlineDepth + 1);
            child.state = WovenCoroutine.RUNNING;
            Object r;
            try {
                r = child.body.resume(child);
            } catch (Throwable t) {
                child.finish(null, t);
                child.parent = null;
                throw t;
            }
            if (r != SUSPENDED) {
                child.finish(r, null);
                child.parent = null;
                return r;
            }
            child.state = WovenCoroutine.SUSPENDED;
        }
        self.awaiting = child;
        return SUSPENDED;
    }

    /** {@code Weft.await(CompletionStage)} in woven code. */
    public static Object awaitStartStage(CompletionStage<?> stage, WovenCoroutine<?> self) {
        if (stage == null) {
            throw new NullPointerException("await(null) in " + self.name());
        }
        StageAwaitable<?> adapter = StageAwaitable.of(stage);
        if (adapter.isDone()) {
            return outcomeOf(adapter);
        }
        self.awaiting = adapter;
        return SUSPENDED;
    }

    /** At a resume label: the awaited value, or its failure thrown as it is. */
    public static Object awaitResume(WovenCoroutine<?> self) {
        Object v = self.value;
        boolean failed = self.failed;
        self.value = null;
        self.failed = false;
        if (failed) {
            throw Outcomes.sneakyThrow((Throwable) v);
        }
        return v;
    }

    /**
     * {@code return x} in woven code, for any {@code x} other than {@code Coroutine.of(v)} (which the
     * weaver turns into a plain return of {@code v}): a finished coroutine gives its value, anything else
     * is awaited by the caller's driver and this coroutine completes with its outcome.
     */
    public static Object returnCoroutine(Coroutine<?> returned, WovenCoroutine<?> self) {
        if (returned == null) {
            return null;
        }
        if (returned instanceof CompletedCoroutine) {
            return returned.result();
        }
        if (returned instanceof WovenCoroutine) {
            WovenCoroutine<?> child = (WovenCoroutine<?>) returned;
            child.claim();
            child.parent = self;
        }
        self.awaiting = returned;
        self.tail = true;
        return SUSPENDED;
    }

    /** Reached when a frame's label does not name a resume point: the frame was corrupted or reused. */
    public static IllegalStateException badLabel(WovenCoroutine<?> self) {
        return new IllegalStateException("coroutine " + self.name() + " resumed at unknown label " + self.label
                + " (state " + self.state() + "); coroutine frames must only be driven by Weft");
    }
}
