package dev.weft;

import dev.weft.internal.Intrinsics;
import dev.weft.internal.WovenCoroutine;

/**
 * The base of the structured-concurrency combinators ({@link TaskGroup}, {@link Timeout}, {@link Gather},
 * {@link Wait}): a coroutine body written by hand the way the weaver writes one, so that the combinator runs
 * <em>inside the awaiting task</em> (a cancellation of that task reaches it at its await, and it can clean
 * up, e.g. wait for the tasks it cancelled) while the runtime itself is not woven.
 *
 * <p>A subclass is a state machine: {@link #advance} gets the outcome of the last await (or nothing, the
 * first time) and either returns the coroutine's value, throws its failure, or returns {@link #await(Awaitable)}
 * to wait for something. The machine keeps its state in its own fields; the frame's slot {@code a0} points
 * to the machine, so that a scope scanning the frames of a task can find it (see
 * {@link CancelScope#cleanupInProgress()}).
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@link #advance} runs only on the loop thread, inside a step of the task that awaits {@link #frame};</li>
 *   <li>at most one await is outstanding; an awaitable that is already done is not waited for
 *       (the weaver's fast path): {@link #advance} is called again at once with its outcome;</li>
 *   <li>{@link #inFlight} is the cancellation this machine is carrying out of its frame while it still waits
 *       (for children's cleanup, say): it counts as live for enclosing scopes, like a pending exception in a
 *       woven {@code finally} block.</li>
 * </ul>
 */
abstract class CoroutineMachine<T> {
    /** Returned by {@link #await(Awaitable)}: the machine waits for what it named. */
    private static final Object AWAIT = new Object();

    /** The coroutine object of this machine, what the user awaits. */
    final WovenCoroutine<T> frame;
    /** A cancellation this machine will rethrow once its waiting is over; seen by enclosing scopes' scans. */
    Throwable inFlight;

    private Awaitable<?> next;
    private boolean started;

    CoroutineMachine(String name) {
        frame = WovenCoroutine.create(this::step, name, 0, 1);
        frame.a0 = this;
    }

    /**
     * One resumption: the first call gets {@code (null, null)}, later calls the value or failure of what the
     * previous {@link #await(Awaitable)} named. Returns the coroutine's value, or {@code await(x)}; throwing
     * fails the coroutine.
     */
    abstract Object advance(Object value, Throwable failure);

    /** For {@link #advance}: suspend until {@code awaitable} is done, then {@link #advance} gets its outcome. */
    final Object await(Awaitable<?> awaitable) {
        next = awaitable;
        return AWAIT;
    }

    /** Whether this machine's waiting holds one of the cancellations {@code scanner} delivered. */
    boolean mentions(CancelScope<?> scanner) {
        return inFlight != null && scanner.isDelivered(inFlight);
    }

    private Object step(WovenCoroutine<?> f) {
        Object value = null;
        Throwable failure = null;
        if (started) {
            try {
                value = Intrinsics.awaitResume(f);
            } catch (Throwable t) {
                failure = t;
            }
        } else {
            started = true;
        }
        for (;;) {
            Object r = advance(value, failure);
            if (r != AWAIT) {
                return r;
            }
            Awaitable<?> a = next;
            next = null;
            try {
                Object got = Intrinsics.awaitStart(a, f);
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

    // ------------------------------------------------------------ helpers shared by the combinators

    /** The task running the current step; refuses to run outside one. */
    static Task<?> requireTask(String what) {
        Task<?> task = Weft.currentTask();
        if (task == null) {
            throw new IllegalStateException(what + " must be awaited inside a task (Weft.run, Weft.spawn)");
        }
        return task;
    }

    /**
     * Runs {@code onLoop} on the loop thread once {@code awaitable} is done: inline when it completes on the
     * loop thread (tasks, sleeps), else handed to the loop (a promise completed by another thread). Must be
     * called on the loop thread. Returns the callback registered, for {@link #forgetPending}.
     */
    static Runnable whenDoneOnLoop(Awaitable<?> awaitable, EventLoop loop, Runnable onLoop) {
        Runnable callback = () -> {
            if (loop.inLoopThread()) {
                onLoop.run();
            } else {
                loop.offerInternal(onLoop); // refused only once the loop closed, when the waiting task is done
            }
        };
        awaitable.whenDone(callback);
        return callback;
    }

    /**
     * The machine is over: forgets the {@link #whenDoneOnLoop} registrations still pending on {@code awaitables}, so
     * a finished wait or gather leaves nothing on a long-lived awaitable. A task of another loop is left alone (its
     * own loop's thread owns its callbacks); the callback it will run does nothing harmful.
     */
    static void forgetPending(Awaitable<?>[] awaitables, Runnable[] callbacks) {
        for (int i = 0; i < awaitables.length; i++) {
            Awaitable<?> a = awaitables[i];
            if (callbacks[i] != null && !a.isDone() && (!(a instanceof Task) || ((Task<?>) a).loop().inLoopThread())) {
                a.removeWhenDone(callbacks[i]);
            }
        }
    }

    /**
     * What gather and friends wait on for an argument: coroutines not yet done become tasks on {@code loop}
     * (a coroutine is driven only by whoever awaits it, so it cannot be watched otherwise); anything else is
     * used as it is.
     */
    static Awaitable<?> asWatchable(Awaitable<?> a, EventLoop loop) {
        if (a == null) {
            throw new NullPointerException("null awaitable");
        }
        if (a instanceof Coroutine && !a.isDone()) {
            return loop.createTask((Coroutine<?>) a);
        }
        return a;
    }

    /** Throws {@code failure} as it is, checked or not. */
    static RuntimeException rethrow(Throwable failure) {
        return dev.weft.internal.Outcomes.sneakyThrow(failure);
    }
}
