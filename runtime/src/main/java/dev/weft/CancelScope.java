package dev.weft;

import dev.weft.internal.AsyncStackTrace;
import dev.weft.internal.Trampoline;
import dev.weft.internal.WovenCoroutine;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A body run inside the awaiting task under a cancellation that sticks (trio's cancel scope; the engine of
 * {@link Timeout} and {@link TaskGroup}).
 *
 * <p><b>How the body runs.</b> The scope's frame drives the body's chain of frames itself, with the
 * trampoline, as the task would: when the body suspends on {@code X}, the scope's frame awaits {@code X} on
 * its behalf, and passes the outcome (or a {@link CancelledException} the task delivered) back down. So the
 * body is in the caller's task (its context variables, {@code Weft.currentTask()}, a cancellation of the
 * task reaches it), and the scope sees every suspension of the body, which is what makes stickiness
 * possible without weaving the runtime.
 *
 * <p><b>Cancelling.</b> {@link #cancel} asks the task to cancel ({@link Task#cancel}, counted, and withdrawn
 * with {@link Task#uncancel} when the scope exits, like asyncio's timeout and TaskGroup): the task cancels
 * what the body awaits and delivers the exception at that await. After that, at every later suspension of
 * the body, the scope checks whether the cancellation is still on its way out: whether a frame of the
 * body holds one of the {@link CancelledException}s delivered (a {@code finally} block or a
 * {@code catch (CancelledException e) { ...; throw e; }} keeps it in a live local, which the woven frame
 * saves). If so the body is cleaning up and the await proceeds; if not, the body swallowed the cancellation
 * and it is delivered again, at that await. So cleanup that awaits works, and a body that drops a
 * cancellation cannot run on past its scope's deadline.
 *
 * <p>Why not simply re-deliver at every await of the task (Trio's rule): cleanup awaits would be cancelled
 * too, so a {@code finally { await(release()); }} could never finish and a timeout could not wait for the
 * work's cleanup.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code ownCancels} is the number of {@link Task#cancel} requests this scope made that are not
 *       withdrawn; the scope withdraws them all ({@link #releaseOwnCancels}) when it exits, so a scope
 *       leaves {@link Task#cancelling()} as it found it unless someone else cancelled the task;</li>
 *   <li>a cancellation is "external" when the task has more requests than it had on entry plus this
 *       scope's own: {@link #isExternalCancel};</li>
 *   <li>once {@link #cancel} was called, the body never suspends for long without a cancellation pending
 *       or on its way out;</li>
 *   <li>{@code innermost} is the body's suspended innermost frame while the body runs, null after.</li>
 * </ul>
 */
abstract class CancelScope<T> extends CoroutineMachine<T> {
    private static final int START = 0;
    private static final int IN_BODY = 1;
    private static final int FOREIGN = 2;
    private static final int AFTER_BODY = 3;
    /** How many delivered cancellations are remembered for the liveness scan (a body swallowing in a loop makes many). */
    private static final int REMEMBERED = 64;
    private static final int SCAN_DEPTH = 8;

    /** The task the scope runs in, known once started. */
    Task<?> task;
    EventLoop loop;
    /** {@link Task#cancelling()} when the scope started. */
    int entryCancelling;
    /** The body finished (the scope may still wait, e.g. for a group's children). */
    boolean bodyDone;

    private int phase = START;
    private Awaitable<?> body;
    private WovenCoroutine<?> innermost;
    /** What the body's innermost frame waits for, awaited by the scope on its behalf. */
    private Awaitable<?> awaitedForBody;
    private boolean cancelRequested;
    private boolean deliveryPending;
    private String cancelMessage;
    private int ownCancels;
    private final ArrayDeque<Throwable> delivered = new ArrayDeque<>();
    private CancelledException foreignCancel;

    CancelScope(String name) {
        super(name);
    }

    /** Called first, inside the task, before the body is made (a timeout starts its timer here). */
    void entered() {
    }

    /** Makes the body: a woven coroutine runs in the scope; any other awaitable is waited for. */
    abstract Awaitable<?> createBody();

    /** The body finished with this outcome: return the scope's value, throw, or {@link #await(Awaitable)}. */
    abstract Object bodyFinished(Object value, Throwable failure);

    /** The outcome of an await made by {@link #bodyFinished} or by this method. */
    Object resumedAfterBody(Object value, Throwable failure) {
        throw new IllegalStateException("scope " + frame.name() + " resumed after its body without waiting");
    }

    /**
     * Cancels the body, sticking until the scope exits. Once the body finished, does nothing (a group
     * cancels its children itself). May be called before the scope started: the body is then cancelled at
     * its first await. Loop thread only.
     */
    final void cancel(String message) {
        if (cancelRequested) {
            return;
        }
        cancelRequested = true;
        cancelMessage = message;
        if (phase != START && !bodyDone) {
            deliveryPending = true;
            requestTaskCancel();
        }
    }

    final boolean cancelRequested() {
        return cancelRequested;
    }

    /** Whether the task has a cancellation request from outside this scope, made since the scope started. */
    final boolean isExternalCancel() {
        return task.cancelling() - ownCancels > entryCancelling;
    }

    /** Withdraws every cancellation request this scope made; returns the task's {@link Task#cancelling()} after. */
    final int releaseOwnCancels() {
        int left = task.cancelling();
        while (ownCancels > 0) {
            ownCancels--;
            left = task.uncancel();
        }
        return left;
    }

    private void requestTaskCancel() {
        if (task.cancel(cancelMessage)) {
            ownCancels++;
        }
    }

    @Override
    final Object advance(Object value, Throwable failure) {
        switch (phase) {
            case START:
                return start();
            case IN_BODY:
                if (failure instanceof CancelledException) {
                    received((CancelledException) failure);
                    Awaitable<?> awaited = awaitedForBody;
                    boolean fromTask = !awaited.isDone()
                            || (awaited instanceof Task && !((Task<?>) awaited).isCancelled()) // (do not mark its failure seen)
                            || awaited.exception() != failure;
                    if (fromTask) {
                        // made by the task, which could only name this scope's frame: name where the body waited
                        AsyncStackTrace.recordAwaiter(failure, innermost);
                    }
                }
                awaitedForBody = null;
                innermost = Trampoline.resume(innermost, value, failure);
                return bodyStepped();
            case FOREIGN:
                return foreignResumed(failure);
            default:
                return resumedAfterBody(value, failure);
        }
    }

    private Object start() {
        task = requireTask(frame.name());
        loop = task.loop();
        entryCancelling = task.cancelling();
        Awaitable<?> b;
        try {
            entered();
            b = Objects.requireNonNull(createBody(), "the body of " + frame.name() + " is null");
            if (b instanceof WovenCoroutine) {
                ((WovenCoroutine<?>) b).claim();
            }
        } catch (Throwable t) {
            return finishBody(null, t);
        }
        body = b;
        if (b instanceof WovenCoroutine) {
            innermost = Trampoline.start((WovenCoroutine<?>) b);
            return bodyStepped();
        }
        if (b.isDone()) {
            return finishWithOutcomeOf(b);
        }
        phase = FOREIGN;
        if (cancelRequested) { // cancelled before the scope started: deliver at this, the first await
            deliveryPending = true;
            requestTaskCancel();
        }
        return await(b);
    }

    /** After the body's chain ran: it finished, or it suspended on something the scope now awaits for it. */
    private Object bodyStepped() {
        WovenCoroutine<?> inner = innermost;
        if (inner == null) {
            return finishWithOutcomeOf(body);
        }
        if (cancelRequested && !deliveryPending && !cleanupInProgress()) {
            // the body dropped the cancellation and awaits again: deliver it again, at this await
            deliveryPending = true;
            requestTaskCancel();
        }
        phase = IN_BODY;
        awaitedForBody = inner.awaiting();
        return await(awaitedForBody);
    }

    /** Waiting for an awaitable that is not a woven coroutine (a task, a promise): it finished or we were cancelled. */
    private Object foreignResumed(Throwable failure) {
        if (failure instanceof CancelledException) {
            received((CancelledException) failure);
            if (foreignCancel == null) {
                foreignCancel = (CancelledException) failure;
            }
        }
        Awaitable<?> b = body;
        if (b.isDone()) {
            if (b.exception() == null && foreignCancel != null && isExternalCancel()) {
                return finishBody(null, foreignCancel); // cancelled from outside: the cancellation wins over the value
            }
            return finishWithOutcomeOf(b);
        }
        if (b instanceof Task) {
            // the task cancelled it along with our await: wait for its cleanup, like asyncio. The wait carries out the
            // latest cancellation (b is not done: the task delivered one), so an enclosing scope that delivered it sees
            // its own on its way out and does not deliver it again at every pass while b cleans up
            inFlight = failure;
            return await(b);
        }
        return finishBody(null, failure); // cannot be waited for after cancelling: stop waiting
    }

    private Object finishWithOutcomeOf(Awaitable<?> done) {
        Throwable f = done.exception();
        return finishBody(f == null ? done.result() : null, f);
    }

    private Object finishBody(Object value, Throwable failure) {
        phase = AFTER_BODY;
        bodyDone = true;
        innermost = null;
        body = null;
        inFlight = null;
        return bodyFinished(value, failure);
    }

    private void received(CancelledException e) {
        deliveryPending = false;
        if (cancelRequested) {
            delivered.addLast(e);
            if (delivered.size() > REMEMBERED) {
                delivered.removeFirst();
            }
        }
    }

    // ------------------------------------------------------------ liveness scan

    /** Whether a frame of the body still holds a cancellation this scope delivered: the body is cleaning up. */
    final boolean cleanupInProgress() {
        return mentions(this);
    }

    @Override
    final boolean mentions(CancelScope<?> scanner) {
        if (inFlight != null && scanner.isDelivered(inFlight)) {
            return true;
        }
        for (WovenCoroutine<?> f = innermost; f != null; f = f.parent()) {
            if (mentions(f.a0, scanner) || mentions(f.a1, scanner)) {
                return true;
            }
            if (!(f instanceof WovenCoroutine.Wide)) {
                continue;
            }
            WovenCoroutine.Wide<?> w = (WovenCoroutine.Wide<?>) f;
            if (mentions(w.a2, scanner) || mentions(w.a3, scanner)) {
                return true;
            }
            Object[] ax = w.ax;
            if (ax != null) {
                for (Object o : ax) {
                    if (mentions(o, scanner)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean mentions(Object slot, CancelScope<?> scanner) {
        if (slot instanceof Throwable) {
            return scanner.isDelivered((Throwable) slot);
        }
        if (slot instanceof CoroutineMachine) {
            return ((CoroutineMachine<?>) slot).mentions(scanner);
        }
        return false;
    }

    /** Whether {@code t} is, wraps or carries (as cause or suppressed) a cancellation this scope delivered. */
    final boolean isDelivered(Throwable t) {
        return !delivered.isEmpty() && carries(t, 0);
    }

    private boolean carries(Throwable t, int depth) {
        if (t == null || depth > SCAN_DEPTH) {
            return false;
        }
        for (Throwable d : delivered) {
            if (d == t) {
                return true;
            }
        }
        if (carries(t.getCause(), depth + 1)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (carries(s, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
