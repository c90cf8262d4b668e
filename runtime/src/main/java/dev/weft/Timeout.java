package dev.weft;

import dev.weft.internal.WovenCoroutine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A deadline for a piece of work (asyncio's {@code timeout()} and {@code wait_for}): when it passes, the work
 * is cancelled, its cleanup runs to the end (finally blocks that await included), and only then
 * {@link TimeoutExpiredException} is thrown, with the cancellation as its cause.
 *
 * <pre>{@code
 * String page = await(Timeout.timeout(Duration.ofSeconds(2), fetch(url)));      // a coroutine, run in this task
 * String more = await(Timeout.timeout(Duration.ofSeconds(2), t -> crawl(t, url))); // the body gets the Timeout
 * int n = await(Timeout.waitFor(someTask, Duration.ofMillis(50)));              // any awaitable
 * }</pre>
 *
 * <p><b>Shape.</b> The body is a coroutine, not a block: woven code cannot await in a lambda, and
 * {@code close()} of a try-with-resources cannot await, so an {@code async with}-like block could not wait
 * for the body's cleanup. Calling an {@code @Async} method runs nothing, so {@code timeout(d, work())} hands
 * the scope a coroutine that has not started; the scope runs it <em>inside the awaiting task</em> (not in a
 * new task), under a {@link CancelScope}.
 *
 * <p><b>Semantics</b>, and where they differ from asyncio:
 * <ul>
 *   <li>the deadline is a timer on the loop ({@link EventLoop#callLater}), cancelled as soon as the work
 *       finishes first, so it never fires late;</li>
 *   <li>the cancellation sticks until the scope exits (trio's rule, not asyncio's): a body that catches and
 *       drops the {@link CancelledException} is cancelled again at its next await, so it cannot run on
 *       past its deadline; a body still carrying it out (a {@code finally} block, a handler that rethrows)
 *       may await for its cleanup;</li>
 *   <li>the scope's cancellation requests are withdrawn ({@link Task#uncancel}) when it exits; if the task
 *       was also cancelled from outside, the {@link CancelledException} propagates instead of a timeout
 *       (asyncio's rule);</li>
 *   <li>a body that finishes normally after the deadline (it swallowed the cancellation and did not await
 *       again) gives its value: the work is complete, so nothing is thrown away ({@link #expired()} tells);
 *       asyncio and trio do the same;</li>
 *   <li>{@link #waitFor} on something other than a coroutine (a task, a promise) cancels it at the deadline
 *       and, for a task, waits for the task to finish its cleanup before throwing.</li>
 * </ul>
 *
 * <p>Invariants: the timer is pending only while the scope runs; {@link #expired()} becomes true at most
 * once, when the timer fires, and then the body is cancelled; {@link TimeoutExpiredException} is thrown only
 * after the body finished.
 */
public final class Timeout {
    /** {@link #delayNanos} when there is no deadline. */
    private static final long NEVER = -1;

    private final Driver<?> driver;
    /** The delay from when the scope starts (or from the last reschedule), or {@link #NEVER}. */
    private long delayNanos;
    private long deadlineNanos;
    private TimerHandle timer;
    private boolean entered;
    /** Counts {@link #arm()} calls: an immediate expiry queued by an earlier arming is void after a reschedule. */
    private int armings;
    private boolean expired;
    private boolean exited;
    private String expiryMessage;

    private Timeout(Duration delay, Function<? super Timeout, ? extends Awaitable<?>> body) {
        Objects.requireNonNull(body, "body");
        this.delayNanos = nanos(delay);
        this.driver = new Driver<>(body);
    }

    /**
     * Runs {@code body} in the awaiting task with a deadline {@code delay} from when it is awaited; returns
     * its value, rethrows its failure, or throws {@link TimeoutExpiredException} once the body finished after
     * being cancelled at the deadline. A {@code null} delay means no deadline (until {@link #reschedule}); a
     * zero or negative one cancels the body at its first suspension.
     */
    public static <T> Coroutine<T> timeout(Duration delay, Coroutine<T> body) {
        Objects.requireNonNull(body, "body");
        return new Timeout(delay, t -> body).coroutine();
    }

    /**
     * Like {@link #timeout(Duration, Coroutine)}, the body made by {@code body} from this scope's
     * {@link Timeout} (to look at {@link #expired()} or {@link #reschedule} the deadline). The function is
     * called when the result is awaited, inside the task.
     */
    public static <T> Coroutine<T> timeout(Duration delay, Function<? super Timeout, ? extends Coroutine<T>> body) {
        return new Timeout(delay, body).coroutine();
    }

    /**
     * asyncio's {@code wait_for}: the outcome of {@code work}, or {@link TimeoutExpiredException} if it is not
     * done within {@code delay}. A coroutine runs in the awaiting task under a timeout scope, as in
     * {@link #timeout(Duration, Coroutine)}; a task is cancelled at the deadline and waited for until its
     * cleanup is over; a promise (or any cancellable awaitable) is cancelled; other awaitables are merely
     * no longer waited for. A {@code null} delay waits without a deadline.
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> work, Duration delay) {
        Objects.requireNonNull(work, "work");
        return new Timeout(delay, t -> work).coroutine();
    }

    @SuppressWarnings("unchecked")
    private <T> Coroutine<T> coroutine() {
        return (WovenCoroutine<T>) driver.frame;
    }

    /** Whether the deadline passed (and the body was cancelled). */
    public boolean expired() {
        return expired;
    }

    /**
     * The deadline on the loop's clock ({@link EventLoop#nanoTime()}); {@link Long#MAX_VALUE} if there is none,
     * 0 before the scope starts.
     */
    public long deadlineNanos() {
        return delayNanos == NEVER ? Long.MAX_VALUE : deadlineNanos;
    }

    /**
     * Time left until the deadline (zero once passed), null if there is none; before the scope starts, the
     * whole delay.
     */
    public Duration remaining() {
        if (delayNanos == NEVER) {
            return null;
        }
        if (!entered) {
            return Duration.ofNanos(delayNanos);
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - driver.loop.nanoTime()));
    }

    /**
     * Moves the deadline to {@code delay} from now (asyncio's {@code reschedule}): the timer is replaced;
     * {@code null} removes the deadline. Loop thread only.
     *
     * @throws IllegalStateException if the deadline already passed or the scope exited
     */
    public void reschedule(Duration delay) {
        if (exited) {
            throw new IllegalStateException("cannot reschedule a timeout whose scope has exited");
        }
        if (expired) {
            throw new IllegalStateException("cannot reschedule a timeout that already expired");
        }
        delayNanos = nanos(delay);
        if (entered) {
            if (timer != null) {
                timer.cancel();
            }
            arm();
        }
    }

    private void arm() {
        int arming = ++armings;
        if (delayNanos == NEVER) {
            timer = null;
            return;
        }
        EventLoop loop = driver.loop;
        deadlineNanos = loop.nanoTime() + delayNanos;
        if (delayNanos == 0) {
            // already due: expire before the body's first wake-up can run (asyncio schedules it with call_soon), so a
            // body that only yields is still cancelled at its first suspension
            timer = null;
            loop.callSoon(() -> {
                if (arming == armings) {
                    expire();
                }
            });
        } else {
            timer = loop.callLater(Duration.ofNanos(delayNanos), this::expire);
        }
    }

    private void expire() {
        if (exited || expired) {
            return;
        }
        expired = true;
        timer = null;
        expiryMessage = "timeout of " + describe(delayNanos) + " expired";
        driver.cancel(expiryMessage);
    }

    @Override
    public String toString() {
        String s = exited ? (expired ? "expired, exited" : "exited") : expired ? "expired"
                : !entered ? "not started" : delayNanos == NEVER ? "running" : "remaining " + describe(remaining().toNanos());
        return "Timeout[" + (delayNanos == NEVER ? "no deadline" : describe(delayNanos)) + ", " + s + "]";
    }

    private static String describe(long nanos) {
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : nanos + " ns";
    }

    private static long nanos(Duration d) {
        if (d == null) {
            return NEVER;
        }
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    private final class Driver<T> extends CancelScope<T> {
        private final Function<? super Timeout, ? extends Awaitable<?>> body;

        Driver(Function<? super Timeout, ? extends Awaitable<?>> body) {
            super("Weft.timeout");
            this.body = body;
        }

        @Override
        void entered() {
            entered = true;
            arm();
        }

        @Override
        Awaitable<?> createBody() {
            return body.apply(Timeout.this);
        }

        @Override
        Object bodyFinished(Object value, Throwable failure) {
            exited = true;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            int left = releaseOwnCancels();
            if (expired && failure instanceof CancelledException && left <= entryCancelling) {
                throw new TimeoutExpiredException(expiryMessage, failure);
            }
            if (failure != null) {
                throw rethrow(failure);
            }
            return value;
        }
    }
}
