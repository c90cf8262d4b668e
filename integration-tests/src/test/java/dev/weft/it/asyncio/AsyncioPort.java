package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ExceptionGroup;
import dev.weft.ManualClock;
import dev.weft.Promise;
import dev.weft.Weft;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static dev.weft.Weft.await;

/**
 * Shared pieces of the ports of CPython's asyncio tests: a runner on virtual time (an auto-advancing
 * {@link ManualClock}, so CPython's sleeps cost no wall time and timings are exact), the small coroutines
 * those tests keep redefining ({@code asyncio.sleep(dt, result)}, a coroutine that raises after a delay, a
 * future that is never set), and CPython's {@code get_error_types}.
 *
 * <p>Python's exception types map to Java ones as follows: {@code ZeroDivisionError} is
 * {@link ArithmeticException} (what {@code 1 / 0} throws in Java too), {@code RuntimeError} raised by asyncio for
 * misuse is {@link IllegalStateException}, {@code ValueError} is {@link IllegalArgumentException} or, where Weft
 * documents it, {@link IllegalStateException}, {@code TimeoutError} is {@link dev.weft.TimeoutExpiredException},
 * and a test's own {@code MyExc} is {@link MyExc}.
 */
final class AsyncioPort {
    private AsyncioPort() {
    }

    /** A test's own exception type (CPython's {@code MyExc(Exception)}). */
    static final class MyExc extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MyExc() {
            super("MyExc");
        }

        MyExc(String message) {
            super(message);
        }
    }

    /** A test's own non-Exception throwable (CPython's {@code MyBaseExc(BaseException)}): an {@link Error}. */
    static final class MyBaseExc extends Error {
        private static final long serialVersionUID = 1L;

        MyBaseExc() {
            super("MyBaseExc");
        }
    }

    /** Runs {@code main} on a fresh loop whose clock jumps to the next timer whenever every task waits. */
    static <T> T run(Coroutine<T> main) {
        return Weft.run(main, new EventLoop(ManualClock.autoAdvancing()));
    }

    /** A fresh loop on virtual time, for tests that drive the loop themselves. */
    static EventLoop virtualLoop() {
        return new EventLoop(ManualClock.autoAdvancing());
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** The running loop's time in milliseconds. */
    static long now() {
        return EventLoop.current().nanoTime() / 1_000_000;
    }

    /** What {@code 1 / 0} raises, thrown without the compiler folding it away. */
    static int divideByZero() {
        int zero = Integer.parseInt("0");
        return 1 / zero;
    }

    /** CPython's {@code get_error_types(eg)}: the types of the group's direct members. */
    static Set<Class<?>> errorTypes(ExceptionGroup eg) {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Throwable t : eg.exceptions()) {
            types.add(t.getClass());
        }
        return types;
    }

    /** asyncio's {@code sleep(delay, result)}: sleeps {@code delayMs} of loop time, then returns {@code result}. */
    @Async
    static <T> Coroutine<T> sleep(long delayMs, T result) {
        await(Weft.sleep(ms(delayMs)));
        return Coroutine.of(result);
    }

    /** {@code asyncio.sleep(0)} {@code n} times: lets the other ready tasks run for {@code n} loop passes. */
    @Async
    static Coroutine<Void> yields(int n) {
        for (int i = 0; i < n; i++) {
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.done();
    }

    /** Yields until {@code condition} holds; fails the test if it never does. */
    @Async
    static Coroutine<Void> until(BooleanSupplier condition) {
        for (int i = 0; !condition.getAsBoolean(); i++) {
            if (i > 10_000) {
                throw new AssertionError("condition never held");
            }
            await(Weft.sleep(Duration.ZERO));
        }
        return Coroutine.done();
    }

    /** Sleeps {@code delayMs}, then throws {@code failure} (CPython's {@code raise_after} / {@code crash_after}). */
    @Async
    static <T> Coroutine<T> raiseAfter(long delayMs, RuntimeException failure) {
        await(Weft.sleep(ms(delayMs)));
        throw failure;
    }

    /** Sleeps {@code delayMs}, then divides by zero (CPython's {@code foo1} that does {@code 1 / 0}). */
    @Async
    static Coroutine<Integer> divideAfter(long delayMs) {
        await(Weft.sleep(ms(delayMs)));
        return Coroutine.of(divideByZero());
    }

    /** Awaits a promise nobody completes: suspended until cancelled. */
    @Async
    static Coroutine<Void> forever() {
        await(new Promise<Void>());
        return Coroutine.done();
    }

    /** Awaits {@code awaitable} and returns its value ({@code async def coro(): return await fut}). */
    @Async
    static <T> Coroutine<T> awaiting(Awaitable<T> awaitable) {
        return Coroutine.of(await(awaitable));
    }

    /** Returns {@code value} without suspending ({@code async def coro(): return value}). */
    @Async
    static <T> Coroutine<T> returning(T value) {
        return Coroutine.of(value);
    }

    /**
     * What {@code awaitable} failed with ({@code with self.assertRaises(...) as cm: await x}); fails the test if
     * it gave a value.
     */
    @Async
    static Coroutine<Throwable> failure(Awaitable<?> awaitable) {
        Object v;
        try {
            v = await(awaitable);
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            return Coroutine.of(e);
        }
        throw new AssertionError("expected a failure, got the value " + v);
    }

    /**
     * How {@code awaitable} ended: {@code "value X"}, {@code "cancelled"} or {@code "cancelled: message"}, or the
     * failure's simple class name.
     */
    @Async
    static Coroutine<String> outcome(Awaitable<?> awaitable) {
        try {
            Object v = await(awaitable);
            return Coroutine.of("value " + v);
        } catch (CancelledException e) {
            return Coroutine.of("cancelled".equals(e.getMessage()) ? "cancelled" : "cancelled: " + e.getMessage());
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            return Coroutine.of(e.getClass().getSimpleName());
        }
    }
}
