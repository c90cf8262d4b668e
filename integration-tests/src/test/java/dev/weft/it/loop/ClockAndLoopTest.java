package dev.weft.it.loop;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** Timers on a manual clock, runForever/stop, and errors nobody awaited. */
class ClockAndLoopTest {

    @Async
    static Coroutine<String> sleepy(List<String> log) {
        Task<String> a = Weft.spawn(napper("a", Duration.ofHours(2), log));
        Task<String> b = Weft.spawn(napper("b", Duration.ofMinutes(30), log));
        await(Weft.sleep(Duration.ofHours(1)));
        log.add("main@1h");
        return Coroutine.of(await(a) + await(b));
    }

    @Async
    static Coroutine<String> napper(String name, Duration nap, List<String> log) {
        await(Weft.sleep(nap));
        log.add(name + "@" + nap.toMinutes() + "m");
        return Coroutine.of(name);
    }

    @Test
    void anAutoAdvancingClockRunsHoursOfSleepsAtOnceInOrder() {
        ManualClock clock = ManualClock.autoAdvancing();
        List<String> log = new ArrayList<>();
        long start = System.nanoTime();
        assertEquals("ab", Weft.run(sleepy(log), new EventLoop(clock)));
        assertEquals(List.of("b@30m", "main@1h", "a@120m"), log);
        assertEquals(Duration.ofHours(2), clock.elapsed());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "virtual time does not wait");
    }

    @Test
    void aManualClockFiresTimersOnlyWhenAdvanced() {
        ManualClock clock = ManualClock.create();
        EventLoop loop = new EventLoop(clock);
        List<String> log = new ArrayList<>();
        Task<String> t = loop.createTask(napper("n", Duration.ofSeconds(10), log));
        loop.runUntilIdle();
        assertFalse(t.isDone());
        clock.advance(Duration.ofSeconds(9));
        loop.runUntilIdle();
        assertFalse(t.isDone());
        clock.advance(Duration.ofSeconds(1));
        loop.runUntilIdle();
        assertTrue(t.isDone());
        assertEquals("n", t.result());
        loop.close();
    }

    @Test
    void runForeverUntilStopFromAnotherThread() throws Exception {
        EventLoop loop = new EventLoop();
        List<String> log = new CopyOnWriteArrayList<>();
        loop.callSoonThreadsafe(() -> loop.createTask(napper("x", Duration.ofMillis(5), log)));
        Thread stopper = new Thread(() -> {
            while (log.isEmpty()) {
                Thread.onSpinWait();
            }
            loop.stop();
        });
        stopper.start();
        loop.runForever();
        stopper.join();
        assertEquals(List.of("x@0m"), log);
        assertFalse(loop.isRunning());
        loop.close();
    }

    @Test
    void aThrowingCallbackIsReportedAndTheLoopGoesOn() {
        EventLoop loop = new EventLoop();
        List<String> reports = new ArrayList<>();
        loop.setExceptionHandler((l, message, e) -> reports.add(message + " / " + e.getMessage()));
        loop.callSoonThreadsafe(() -> {
            throw new IllegalStateException("callback broke");
        });
        assertEquals("ok", Weft.run(napper("ok", Duration.ZERO, new ArrayList<>()), loop));
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).startsWith("exception in callback"), reports.get(0));
        assertTrue(reports.get(0).endsWith("/ callback broke"), reports.get(0));
    }

    @Async
    static Coroutine<String> failing() {
        await(Weft.sleep(Duration.ZERO));
        throw new IllegalArgumentException("nobody looked at me");
    }

    @Async
    static Coroutine<String> forgetsAFailedTask() {
        Weft.spawn(failing(), "forgotten");
        await(Weft.sleep(Duration.ofMillis(2)));
        return Coroutine.of("done");
    }

    @Test
    void aFailureNobodyRetrievedIsReportedWithTheTaskName() throws Exception {
        EventLoop loop = new EventLoop();
        List<String> reports = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, message, e) -> {
            reports.add(message);
            failures.add(e);
        });
        assertEquals("done", Weft.run(forgetsAFailedTask(), loop));
        for (int i = 0; i < 100 && reports.isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("Task exception was never retrieved: task forgotten"), reports.get(0));
        assertEquals("nobody looked at me", failures.get(0).getMessage());
    }

    @Async
    static Coroutine<String> looksAtItsFailures() {
        Task<String> t = Weft.spawn(failing(), "watched");
        try {
            await(t);
        } catch (IllegalArgumentException expected) {
            // retrieved
        }
        return Coroutine.of("done");
    }

    @Test
    void aRetrievedFailureIsNotReported() throws Exception {
        EventLoop loop = new EventLoop();
        List<String> reports = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
        assertEquals("done", Weft.run(looksAtItsFailures(), loop));
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(5);
        }
        assertTrue(reports.isEmpty(), reports.toString());
    }
}
