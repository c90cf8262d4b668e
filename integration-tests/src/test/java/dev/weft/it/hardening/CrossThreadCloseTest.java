package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.LoopClosedException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Work handed to a loop from other threads is never lost when the loop closes: it runs, or its future fails with
 * {@link LoopClosedException}; a future of a task's outcome always completes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossThreadCloseTest {

    @Async
    static Coroutine<Integer> answer() {
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(42);
    }

    @Test
    void aCoroutineHandedToAClosedLoopFailsItsFuture() {
        EventLoop loop = new EventLoop();
        loop.close();
        Coroutine<Integer> c = answer();
        CompletableFuture<Integer> f = Weft.runCoroutineThreadsafe(c, loop);
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertInstanceOf(LoopClosedException.class, e.getCause());
        assertEquals(Coroutine.State.CLOSED, c.state(), "the coroutine is closed without running");
    }

    @Test
    void aCoroutineQueuedWhileTheLoopClosesFailsItsFuture() {
        EventLoop loop = new EventLoop(); // never run: the start stays queued until close
        CompletableFuture<Integer> f = Weft.runCoroutineThreadsafe(answer(), loop);
        loop.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertInstanceOf(LoopClosedException.class, e.getCause());
    }

    @Async
    static Coroutine<Void> forever() {
        await(new Promise<Void>());
        return Coroutine.done();
    }

    @Test
    void aFutureOfAPendingTaskCompletesWhenItsLoopCloses() throws Exception {
        EventLoop loop = new EventLoop();
        Task<Void> t = loop.createTask(forever());
        loop.runUntilComplete(Weft.sleep(Duration.ofMillis(1)));
        CompletableFuture<Void> f = CompletableFuture.supplyAsync(t::toCompletableFuture).get(5, TimeUnit.SECONDS);
        loop.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertInstanceOf(CancelledException.class, e.getCause());
    }

    @Test
    void aCallbackHandedToAClosedLoopIsRefused() {
        EventLoop loop = new EventLoop();
        loop.close();
        assertThrows(LoopClosedException.class, () -> loop.callSoonThreadsafe(() -> { }));
    }

    /**
     * Many threads hand coroutines to a running loop while another thread stops and closes it: every future
     * completes, with the coroutine's value or with {@link LoopClosedException}; none is left waiting.
     */
    @Test
    void noSubmissionIsLostWhileTheLoopCloses() throws Exception {
        for (int round = 0; round < 20; round++) {
            EventLoop loop = new EventLoop();
            CountDownLatch running = new CountDownLatch(1);
            Thread loopThread = new Thread(() -> {
                loop.callSoonThreadsafe(running::countDown);
                loop.runForever();
                loop.close();
            });
            loopThread.start();
            running.await();
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            List<Thread> submitters = new ArrayList<>();
            AtomicInteger refusedAtOnce = new AtomicInteger();
            for (int s = 0; s < 4; s++) {
                Thread submitter = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        CompletableFuture<Integer> f = Weft.runCoroutineThreadsafe(answer(), loop);
                        synchronized (futures) {
                            futures.add(f);
                        }
                        if (f.isCompletedExceptionally()) {
                            refusedAtOnce.incrementAndGet();
                        }
                    }
                });
                submitters.add(submitter);
                submitter.start();
            }
            Thread.sleep(round % 3);
            loop.stop();
            for (Thread s : submitters) {
                s.join();
            }
            loopThread.join();
            for (CompletableFuture<Integer> f : futures) {
                try {
                    assertEquals(42, f.get(5, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    assertTrue(cause instanceof LoopClosedException || cause instanceof CancelledException,
                            String.valueOf(cause));
                }
            }
        }
    }
}
