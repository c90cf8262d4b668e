package dev.weft;

import dev.weft.test.LoopHandWoven;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link LoopOwnership}: one thread owns a loop at a time (running, closing, or borrowing the idle loop for
 * a moment); a second thread that wants to run or close it is refused while it runs, but waits out a borrow
 * instead of failing; a borrow does not count as running; a thread running one loop cannot borrow another, and
 * closing a loop from there leaves the running loop current; a closed loop cannot be owned again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopOwnershipTest {

    /** Runs {@code loop} on a new thread until {@code until} completes; returns once the loop runs. */
    private static Thread runInBackground(EventLoop loop, Promise<?> until) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoonThreadsafe(running::countDown);
        Thread t = new Thread(() -> loop.runUntilComplete(until), "loop-runner");
        t.setDaemon(true);
        t.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        return t;
    }

    /** Borrows the idle {@code loop} on a new thread and holds it until {@code release} counts down. */
    private static Thread borrowInBackground(EventLoop loop, CountDownLatch borrowed, CountDownLatch release,
            AtomicReference<Boolean> ranOnBorrow) {
        Thread t = new Thread(() -> ranOnBorrow.set(loop.runHereIfFree(() -> {
            borrowed.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        })), "borrower");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aBorrowActsOnTheLoopAtOnceButDoesNotCountAsRunningIt() {
        try (EventLoop loop = new EventLoop()) {
            assertFalse(loop.isRunning());
            List<Object> seen = new ArrayList<>();
            assertTrue(loop.runHereIfFree(() -> {
                seen.add(loop.isRunning());
                seen.add(EventLoop.current());
                seen.add(loop.inLoopThread());
            }));
            assertEquals(List.of(false, loop, true), seen);
            assertFalse(loop.isRunning());
            assertThrows(IllegalStateException.class, EventLoop::current, "the borrow gave the loop back");

            Promise<Boolean> runningInside = new Promise<>();
            loop.callSoonThreadsafe(() -> runningInside.complete(loop.isRunning()));
            loop.runUntilComplete(runningInside);
            assertTrue(runningInside.result());
        }
    }

    @Test
    void anotherThreadCannotRunCloseOrBorrowALoopThatRuns() throws Exception {
        EventLoop loop = new EventLoop();
        Promise<Void> until = new Promise<>();
        Thread runner = runInBackground(loop, until);
        try {
            assertTrue(loop.isRunning());
            IllegalStateException run = assertThrows(IllegalStateException.class,
                    () -> loop.runUntilComplete(new Promise<>()));
            assertTrue(run.getMessage().contains("already running on thread " + runner), run.getMessage());
            assertThrows(IllegalStateException.class, loop::runForever);
            IllegalStateException close = assertThrows(IllegalStateException.class, loop::close);
            assertTrue(close.getMessage().contains("cannot close a running event loop"), close.getMessage());
            assertFalse(loop.isClosed());
            AtomicInteger ran = new AtomicInteger();
            assertFalse(loop.runHereIfFree(ran::incrementAndGet));
            assertEquals(0, ran.get(), "refused work is not run");
        } finally {
            loop.callSoonThreadsafe(() -> until.complete(null));
            runner.join(10_000);
        }
        assertFalse(runner.isAlive());
        assertFalse(loop.isRunning());
        loop.close();
        assertTrue(loop.isClosed());
    }

    @Test
    void closingFromInsideTheLoopOrItsBorrowIsRefusedAndTheLoopGoesOn() {
        try (EventLoop loop = new EventLoop()) {
            Promise<String> refusal = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                try {
                    loop.close();
                    refusal.complete("closed from inside");
                } catch (IllegalStateException e) {
                    refusal.complete(e.getMessage());
                }
            });
            loop.runUntilComplete(refusal);
            assertTrue(refusal.result().contains("cannot close a running event loop"), refusal.result());
            assertFalse(loop.isClosed());

            AtomicReference<Throwable> inBorrow = new AtomicReference<>();
            assertTrue(loop.runHereIfFree(() -> inBorrow.set(assertThrows(IllegalStateException.class, loop::close))));
            assertTrue(inBorrow.get().getMessage().contains("cannot close a running event loop"));
            assertFalse(loop.isClosed());
            Promise<String> later = new Promise<>();
            loop.callSoonThreadsafe(() -> later.complete("still runs"));
            loop.runUntilComplete(later);
            assertEquals("still runs", later.result());
        }
    }

    @Test
    void closeWaitsOutABorrowInsteadOfFailing() throws Exception {
        EventLoop loop = new EventLoop();
        CountDownLatch borrowed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> ranOnBorrow = new AtomicReference<>();
        Thread borrower = borrowInBackground(loop, borrowed, release, ranOnBorrow);
        assertTrue(borrowed.await(10, TimeUnit.SECONDS));
        AtomicReference<Throwable> closeFailure = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            try {
                loop.close();
            } catch (Throwable t) {
                closeFailure.set(t);
            }
        }, "closer");
        closer.start();
        closer.join(100); // long enough for the closer to spin, then yield, while the borrow holds the loop
        assertTrue(closer.isAlive(), "close waits while the loop is borrowed");
        assertFalse(loop.isClosed());
        release.countDown();
        closer.join(10_000);
        borrower.join(10_000);
        assertNull(closeFailure.get());
        assertTrue(ranOnBorrow.get());
        assertTrue(loop.isClosed());
        AtomicInteger ran = new AtomicInteger();
        assertFalse(loop.runHereIfFree(ran::incrementAndGet), "a closed loop cannot be borrowed");
        assertEquals(0, ran.get());
        assertThrows(LoopClosedException.class, () -> loop.runUntilComplete(Coroutine.of(1)));
    }

    @Test
    void aRunWaitsOutABorrowAndThenRuns() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            CountDownLatch borrowed = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Boolean> ranOnBorrow = new AtomicReference<>();
            Thread borrower = borrowInBackground(loop, borrowed, release, ranOnBorrow);
            assertTrue(borrowed.await(10, TimeUnit.SECONDS));
            Promise<String> ran = new Promise<>();
            loop.callSoonThreadsafe(() -> ran.complete("ran after the borrow"));
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                release.countDown();
            });
            releaser.start();
            loop.runUntilComplete(ran); // waits for the borrow, then takes the loop
            assertEquals("ran after the borrow", ran.result());
            borrower.join(10_000);
            assertTrue(ranOnBorrow.get());
        }
    }

    @Test
    void aThreadRunningOneLoopCannotBorrowAnother() {
        try (EventLoop other = new EventLoop()) {
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<Boolean> borrowed = new AtomicReference<>();
            LoopHandWoven.insideAnotherLoop(() -> borrowed.set(other.runHereIfFree(ran::incrementAndGet)));
            assertFalse(borrowed.get());
            assertEquals(0, ran.get());
        }
    }

    @Test
    void closingALoopFromAThreadThatRunsAnotherLeavesTheRunningLoopCurrent() {
        EventLoop closed = new EventLoop();
        List<String> reports = new ArrayList<>();
        closed.setExceptionHandler((l, message, e) -> reports.add(message));
        Task<Object> pending = closed.createTask(LoopHandWoven.awaitThen(Promise::new, (v, f) -> Coroutine.of(f)));
        closed.runUntilIdle();
        List<Object> seen = new ArrayList<>();
        LoopHandWoven.insideAnotherLoop(() -> {
            EventLoop running = EventLoop.current();
            closed.close();
            seen.add(EventLoop.current() == running);
            seen.add(closed.isClosed());
            seen.add(closed.isRunning());
        });
        assertEquals(List.of(true, true, false), seen);
        assertTrue(pending.isCancelled(), "its task could not run there: it was abandoned");
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("did not finish within the shutdown timeout of 0 ms"), reports.get(0));
        closed.close(); // idempotent
        assertThrows(LoopClosedException.class, () -> closed.runUntilComplete(Coroutine.of(1)));
    }

    /**
     * A borrow and two closes race on an idle loop with one waiting task, many times: the borrow's work and the
     * task's cleanup (which runs on the closing thread) never overlap, the borrow's work never sees the loop
     * closed, each close returns or is refused because the other one runs the loop, and the loop ends closed.
     */
    @Test
    void racingBorrowAndClosesNeverOwnTheLoopTogether() throws Exception {
        int rounds = 3_000;
        CyclicBarrier start = new CyclicBarrier(3);
        CyclicBarrier end = new CyclicBarrier(3);
        AtomicReference<EventLoop> loop = new AtomicReference<>();
        AtomicInteger inside = new AtomicInteger();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Runnable exclusive = () -> {
            if (inside.incrementAndGet() != 1) {
                problems.add("two owners at once");
            }
            if (loop.get().isClosed()) {
                problems.add("work ran on a closed loop");
            }
            inside.decrementAndGet();
        };
        AtomicInteger closedNormally = new AtomicInteger();
        Runnable close = () -> {
            try {
                loop.get().close();
                closedNormally.incrementAndGet();
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("cannot close a running event loop")) {
                    problems.add("unexpected: " + e);
                }
            }
        };
        Thread borrower = racer("borrower", rounds, start, end, () -> loop.get().runHereIfFree(exclusive));
        Thread closer = racer("closer", rounds, start, end, close);
        borrower.start();
        closer.start();
        for (int i = 0; i < rounds; i++) {
            EventLoop l = new EventLoop();
            l.createTask(LoopHandWoven.awaitThen(Promise::new, (v, f) -> {
                exclusive.run();
                return Coroutine.of(null);
            }));
            l.runUntilIdle();
            loop.set(l);
            closedNormally.set(0);
            start.await();
            close.run();
            end.await();
            assertTrue(l.isClosed(), "round " + i);
            assertTrue(closedNormally.get() >= 1, "round " + i);
        }
        borrower.join(10_000);
        closer.join(10_000);
        assertEquals(List.of(), problems);
    }

    private static Thread racer(String name, int rounds, CyclicBarrier start, CyclicBarrier end, Runnable action) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    start.await();
                    action.run();
                    end.await();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
