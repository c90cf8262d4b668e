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
 * long deadline = EventLoop.current().nanoTime() + 2_000_000_000L;
 * String all = await(Timeout.timeoutAt(deadline, t -> crawlAll(t, urls)));       // a time on the loop's clock
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
 *   <li>the deadline is a timer on the loop ({@link EventLoop#callAt}), cancelled as soon as the work
 *       finishes first, so it never fires late; a deadline already past when the scope starts (or when it is
 *       rescheduled) cancels the body at its first (next) suspension, even a yield, as in asyncio;</li>
 *   <li>a deadline given as a delay ({@link #timeout}, {@link #reschedule(Duration)}) counts from when the scope
 *       starts, that is when its coroutine is awaited (asyncio counts from the {@code timeout()} call);
 *       {@link #timeoutAt} and {@link #rescheduleAt} take a time on the loop's clock, like asyncio's
 *       {@code timeout_at} and {@code reschedule}, and {@link #when()} gives it, {@link #NO_DEADLINE} standing
 *       for asyncio's None;</li>
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
 * <p>Invariants: the timer is pending only while the scope runs, and fires at {@code whenNanos} (or on the
 * next pass if that had passed when it was armed); {@link #expired()} becomes true at most once, when the timer
 * fires, and then the body is cancelled; {@link TimeoutExpiredException} is thrown only after the body
 * finished; once the scope started, {@code whenNanos} is the deadline and {@code delayNanos} only describes it.
 */
public final class Timeout {
    /** {@link #when()} of a scope without a deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** {@link #delayNanos} when the deadline was not given as a delay (an absolute time, or none). */
    private static final long NOT_A_DELAY = -1;

    private final Driver<?> driver;
    /**
     * The deadline on the loop's clock, or {@link #NO_DEADLINE}. For a deadline given as a delay, it is fixed
     * when the scope starts (until then {@code delayNanos} is the whole truth).
     */
    private long whenNanos;
    /** The delay the deadline was last given as (for messages), or {@link #NOT_A_DELAY}. */
    private long delayNanos;
    private TimerHandle timer;
    private boolean entered;
    /** Counts {@link #arm()} calls: an immediate expiry queued by an earlier arming is void after a reschedule. */
    private int armings;
    private boolean expired;
    private boolean exited;
    private String expiryMessage;

    private Timeout(Duration delay, Function<? super Timeout, ? extends Awaitable<?>> body) {
        this(NO_DEADLINE, body);
        this.delayNanos = delay == null ? NOT_A_DELAY : nanos(delay);
    }

    private Timeout(long whenNanos, Function<? super Timeout, ? extends Awaitable<?>> body) {
        Objects.requireNonNull(body, "body");
        this.whenNanos = whenNanos;
        this.delayNanos = NOT_A_DELAY;
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
     * asyncio's {@code timeout_at}: like {@link #timeout(Duration, Coroutine)} with the deadline given as a time
     * on the loop's clock ({@link EventLoop#nanoTime()}), such as the {@link #when()} of another scope.
     * {@link #NO_DEADLINE} means none; a deadline already past cancels the body at its first suspension.
     */
    public static <T> Coroutine<T> timeoutAt(long deadlineNanos, Coroutine<T> body) {
        Objects.requireNonNull(body, "body");
        return new Timeout(deadlineNanos, t -> body).coroutine();
    }

    /** Like {@link #timeoutAt(long, Coroutine)}, the body made from this scope's {@link Timeout}. */
    public static <T> Coroutine<T> timeoutAt(long deadlineNanos, Function<? super Timeout, ? extends Coroutine<T>> body) {
        return new Timeout(deadlineNanos, body).coroutine();
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
     * The deadline on the loop's clock ({@link EventLoop#nanoTime()}), {@link #NO_DEADLINE} if there is none
     * (asyncio's {@code when()}, which gives None then). It stays readable after the scope exited. A deadline
     * given as a delay is fixed when the scope starts, which is before the body can see this object.
     *
     * @throws IllegalStateException if the deadline was given as a delay and the scope has not started
     */
    public long when() {
        if (!entered && delayNanos != NOT_A_DELAY) {
            throw new IllegalStateException("the deadline of " + this + " is fixed when its scope starts");
        }
        return whenNanos;
    }

    /** {@link #when()} under its first name. */
    public long deadlineNanos() {
        return when();
    }

    /**
     * Time left until the deadline (zero once passed), null if there is none; before the scope starts, the
     * whole delay.
     */
    public Duration remaining() {
        if (!entered && delayNanos != NOT_A_DELAY) {
            return Duration.ofNanos(delayNanos);
        }
        if (whenNanos == NO_DEADLINE) {
            return null;
        }
        EventLoop loop = driver.loop != null ? driver.loop : EventLoop.current();
        return Duration.ofNanos(Math.max(0, whenNanos - loop.nanoTime()));
    }

    /**
     * Moves the deadline to {@code delay} from now (Weft's relative form of asyncio's {@code reschedule}): the
     * timer is replaced; {@code null} removes the deadline. Loop thread only.
     *
     * @throws IllegalStateException if the deadline already passed or the scope exited
     */
    public void reschedule(Duration delay) {
        checkReschedulable();
        if (delay == null) {
            moveTo(NO_DEADLINE, NOT_A_DELAY);
        } else {
            long d = nanos(delay);
            moveTo(entered ? driver.loop.nanoTime() + d : NO_DEADLINE, d);
        }
    }

    /**
     * Moves the deadline to {@code deadlineNanos} on the loop's clock (asyncio's {@code reschedule}, which takes
     * an absolute time); {@link #NO_DEADLINE} removes it, and a time already past cancels the body at its next
     * suspension. Loop thread only.
     *
     * @throws IllegalStateException if the deadline already passed or the scope exited
     */
    public void rescheduleAt(long deadlineNanos) {
        checkReschedulable();
        moveTo(deadlineNanos, NOT_A_DELAY);
    }

    private void checkReschedulable() {
        if (exited) {
            throw new IllegalStateException("cannot reschedule a timeout whose scope has exited");
        }
        if (expired) {
            throw new IllegalStateException("cannot reschedule a timeout that already expired");
        }
    }

    private void moveTo(long when, long delay) {
        whenNanos = when;
        delayNanos = delay;
        if (entered) {
            if (timer != null) {
                timer.cancel();
            }
            arm();
        }
    }

    /** Starts the timer for {@link #whenNanos}: at once (the next pass) if it already passed. */
    private void arm() {
        int arming = ++armings;
        timer = null;
        if (whenNanos == NO_DEADLINE) {
            return;
        }
        EventLoop loop = driver.loop;
        if (whenNanos - loop.nanoTime() > 0) {
            timer = loop.callAt(whenNanos, this::expire);
            return;
        }
        // already past: expire before the body's first (next) suspension resumes, as asyncio does with call_soon;
        // a timer would fire only after a yield the body is already queued for. A later arming voids this one.
        loop.callSoon(() -> {
            if (arming == armings) {
                expire();
            }
        });
    }

    private void expire() {
        if (exited || expired) {
            return;
        }
        expired = true;
        timer = null;
        expiryMessage = delayNanos != NOT_A_DELAY ? "timeout of " + describe(delayNanos) + " expired"
                : "timeout expired: its deadline " + whenNanos + " ns on the loop's clock passed";
        driver.cancel(expiryMessage);
    }

    @Override
    public String toString() {
        String s = exited ? (expired ? "expired, exited" : "exited") : expired ? "expired"
                : !entered ? "not started" : whenNanos == NO_DEADLINE ? "running" : "remaining " + describe(remaining().toNanos());
        String deadline = delayNanos != NOT_A_DELAY ? describe(delayNanos)
                : whenNanos == NO_DEADLINE ? "no deadline" : "at " + whenNanos + " ns";
        return "Timeout[" + deadline + ", " + s + "]";
    }

    private static String describe(long nanos) {
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : nanos + " ns";
    }

    private static long nanos(Duration d) {
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
            if (delayNanos != NOT_A_DELAY) {
                whenNanos = loop.nanoTime() + delayNanos;
            }
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
