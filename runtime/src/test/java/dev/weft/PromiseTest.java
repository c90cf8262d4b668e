package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Promise: completed at most once; callbacks run once, in registration order, at once when registered late;
 * {@code removeWhenDone} forgets one pending registration (the oldest of the same object) and nothing once done;
 * {@code isCancelled} only for a cancellation; the description tells pending, value and failure apart.
 */
class PromiseTest {
    @Test
    void completesOnceAndKeepsItsValue() {
        Promise<String> p = new Promise<>();
        assertFalse(p.isDone());
        assertThrows(IllegalStateException.class, p::result);
        assertThrows(IllegalStateException.class, p::exception);
        assertTrue(p.complete("a"));
        assertFalse(p.complete("b"));
        assertFalse(p.fail(new RuntimeException()));
        assertFalse(p.cancel());
        assertTrue(p.isDone());
        assertEquals("a", p.result());
        assertNull(p.exception());
    }

    @Test
    void failureIsReportedAsItIs() {
        Promise<String> p = new Promise<>();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        p.fail(boom);
        assertSame(boom, p.exception());
        assertSame(boom, assertThrows(IllegalArgumentException.class, p::result));
    }

    @Test
    void checkedFailureIsWrappedByResultButNotByException() {
        Promise<String> p = new Promise<>();
        IOException io = new IOException("disk");
        p.fail(io);
        assertSame(io, p.exception());
        assertSame(io, assertThrows(CompletionException.class, p::result).getCause());
    }

    @Test
    void cancelledPromiseReportsCancelledException() {
        Promise<String> p = new Promise<>();
        assertTrue(p.cancel("stop"));
        assertTrue(p.isCancelled());
        assertEquals("stop", assertThrows(CancelledException.class, p::result).getMessage());
        assertInstanceOf(CancelledException.class, p.exception());
    }

    @Test
    void callbacksRunOnceInOrderAndLateOnesRunAtOnce() {
        Promise<Integer> p = new Promise<>();
        List<String> seen = new ArrayList<>();
        p.whenDone(() -> seen.add("1"));
        p.whenDone(() -> seen.add("2"));
        p.whenDone(() -> seen.add("3"));
        assertTrue(seen.isEmpty());
        p.complete(7);
        assertEquals(List.of("1", "2", "3"), seen);
        p.whenDone(() -> seen.add("late"));
        assertEquals(List.of("1", "2", "3", "late"), seen);
    }

    @Test
    void failRejectsNull() {
        assertThrows(NullPointerException.class, () -> new Promise<>().fail(null));
    }

    @Test
    void racingCompletersSettleExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Promise<Integer> p = new Promise<>();
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger callbacks = new AtomicInteger();
            p.whenDone(callbacks::incrementAndGet);
            CountDownLatch go = new CountDownLatch(1);
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.length; i++) {
                int v = i;
                threads[i] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (p.complete(v)) {
                        winners.incrementAndGet();
                    }
                });
                threads[i].start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, winners.get());
            assertEquals(1, callbacks.get());
        }
    }

    @Test
    void callbacksRegisteredWhileAnotherThreadCompletesEachRunExactlyOnceWithTheOutcome() throws Exception {
        for (int round = 0; round < 200; round++) {
            Promise<Integer> p = new Promise<>();
            int perThread = 50;
            Thread[] threads = new Thread[3];
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int k = 0; k < perThread; k++) {
                        p.whenDone(() -> {
                            ran.incrementAndGet();
                            if (!p.isDone() || p.result() != 42) {
                                wrong.incrementAndGet();
                            }
                        });
                    }
                });
                threads[i].start();
            }
            go.countDown();
            assertTrue(p.complete(42));
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(threads.length * perThread, ran.get());
            assertEquals(0, wrong.get());
        }
    }

    @Test
    void manyCallbacksRunInRegistrationOrder() {
        Promise<Void> p = new Promise<>();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            p.whenDone(() -> seen.add(n));
        }
        p.cancel("stop");
        assertTrue(p.isCancelled());
        assertEquals(1000, seen.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void onlyACancellationIsCancelled() {
        Promise<String> pending = new Promise<>();
        assertFalse(pending.isCancelled());
        Promise<String> completed = new Promise<>();
        completed.complete("v");
        assertFalse(completed.isCancelled());
        Promise<String> failed = new Promise<>();
        failed.fail(new IllegalStateException());
        assertFalse(failed.isCancelled());
        Promise<String> cancelled = new Promise<>();
        cancelled.cancel();
        assertTrue(cancelled.isCancelled());
    }

    @Test
    void removeWhenDoneForgetsTheOldestPendingRegistrationOfThatCallback() {
        Promise<Integer> p = new Promise<>();
        List<String> seen = new ArrayList<>();
        Runnable a = () -> seen.add("a");
        Runnable b = () -> seen.add("b");
        Runnable c = () -> seen.add("c");
        assertFalse(p.removeWhenDone(a), "nothing registered");
        p.whenDone(a);
        p.whenDone(b);
        p.whenDone(a);
        p.whenDone(c);
        assertTrue(p.removeWhenDone(a));
        assertTrue(p.removeWhenDone(c));
        assertFalse(p.removeWhenDone(() -> seen.add("never registered")));
        p.complete(1);
        assertEquals(List.of("b", "a"), seen, "the first a and c went; order kept");
        assertFalse(p.removeWhenDone(b), "done: nothing is pending any more");
    }

    @Test
    void removingTheOnlyCallbackLeavesNoneToRun() {
        Promise<Integer> p = new Promise<>();
        AtomicInteger ran = new AtomicInteger();
        Runnable r = ran::incrementAndGet;
        p.whenDone(r);
        assertTrue(p.removeWhenDone(r));
        assertFalse(p.removeWhenDone(r));
        p.complete(1);
        assertEquals(0, ran.get());
    }

    @Test
    void itsDescriptionTellsPendingValueAndFailureApart() {
        Promise<String> p = new Promise<>();
        assertEquals("Promise[pending]", p.toString());
        p.complete("v");
        assertEquals("Promise[value=v]", p.toString());
        Promise<String> f = new Promise<>();
        f.fail(new IllegalStateException("boom"));
        assertEquals("Promise[failed: java.lang.IllegalStateException: boom]", f.toString());
    }
}
