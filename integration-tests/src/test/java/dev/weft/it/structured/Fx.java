package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Weft;

import java.time.Duration;
import java.util.List;

import static dev.weft.Weft.await;

/**
 * Shared fixtures for the structured-concurrency tests: woven workers that log what happens to them with the
 * loop's (virtual) time in milliseconds, and a runner on an auto-advancing manual clock, so that sleeps cost
 * no wall time and timings are exact.
 */
final class Fx {
    private Fx() {
    }

    /** Runs {@code main} on a fresh loop whose clock jumps to the next timer whenever all tasks wait. */
    static <T> T run(Coroutine<T> main) {
        return Weft.run(main, new EventLoop(ManualClock.autoAdvancing()));
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Loop time in milliseconds. */
    static long now() {
        return EventLoop.current().nanoTime() / 1_000_000;
    }

    static void log(List<String> log, String what) {
        log.add(what + "@" + now());
    }

    /** The current task's cancelling() count. */
    static int cancelling() {
        return Weft.currentTask().cancelling();
    }

    /** Sleeps {@code n} ms and returns {@code value}; logs "name done", or "name cancelled" and "name finally". */
    @Async
    static <T> Coroutine<T> sleeper(String name, long n, T value, List<String> log) {
        try {
            await(Weft.sleep(ms(n)));
            log(log, name + " done");
            return Coroutine.of(value);
        } catch (CancelledException e) {
            log(log, name + " cancelled");
            throw e;
        } finally {
            log(log, name + " finally");
        }
    }

    /** Sleeps {@code n} ms, then throws {@code failure}. */
    @Async
    static <T> Coroutine<T> failer(String name, long n, RuntimeException failure, List<String> log) {
        await(Weft.sleep(ms(n)));
        log(log, name + " fails");
        throw failure;
    }

    /**
     * Sleeps {@code n} ms; if cancelled meanwhile, its finally block awaits a {@code cleanup} ms sleep
     * (a cleanup that suspends) before the cancellation goes on.
     */
    @Async
    static Coroutine<String> slowCleanup(String name, long n, long cleanup, List<String> log) {
        try {
            await(Weft.sleep(ms(n)));
            log(log, name + " done");
            return Coroutine.of(name);
        } finally {
            log(log, name + " cleanup starts");
            await(Weft.sleep(ms(cleanup)));
            log(log, name + " cleanup done");
        }
    }
}
