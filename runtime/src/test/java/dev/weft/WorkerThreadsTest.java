package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link WorkerThreads}: work runs on a daemon worker thread and settles its promise with its value or its
 * failure; once shut down, a submission's promise fails at once with {@link LoopClosedException} and the work never
 * runs, while work already running finishes on its thread.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerThreadsTest {

    /** Waits (on this thread, no loop) until {@code p} is done. */
    private static void awaitDone(Promise<?> p) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        p.whenDone(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void workRunsOnADaemonWorkerAndSettlesItsPromise() throws Exception {
        WorkerThreads workers = new WorkerThreads();
        try {
            Promise<Thread> ranOn = workers.submit(Thread::currentThread, Map.of());
            Promise<Object> failed = workers.submit(() -> {
                throw new java.io.IOException("disk on fire");
            }, Map.of());
            awaitDone(ranOn);
            awaitDone(failed);
            assertTrue(ranOn.result().getName().startsWith("weft-worker-"), ranOn.result().getName());
            assertTrue(ranOn.result().isDaemon());
            assertNotSame(Thread.currentThread(), ranOn.result());
            assertEquals("disk on fire", failed.exception().getMessage());
        } finally {
            workers.shutDown();
        }
    }

    @Test
    void afterShutDownASubmissionFailsAtOnceAndRunningWorkFinishes() throws Exception {
        WorkerThreads workers = new WorkerThreads();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Promise<String> running = workers.submit(() -> {
            started.countDown();
            release.await();
            return "finished";
        }, Map.of());
        assertTrue(started.await(10, TimeUnit.SECONDS));
        workers.shutDown();
        boolean[] ran = new boolean[1];
        Promise<String> late = workers.submit(() -> {
            ran[0] = true;
            return "ran";
        }, Map.of());
        assertTrue(late.isDone(), "settled at once");
        LoopClosedException e = assertInstanceOf(LoopClosedException.class, late.exception());
        assertTrue(e.getMessage().contains("blocking work cannot start"));
        release.countDown();
        awaitDone(running);
        assertEquals("finished", running.result());
        assertFalse(ran[0]);
    }

    @Test
    void aLoopThatNeverSubmittedShutsDownWithoutAPool() {
        WorkerThreads workers = new WorkerThreads();
        workers.shutDown();
        workers.shutDown();
        assertInstanceOf(LoopClosedException.class, workers.submit(() -> 1, Map.of()).exception());
    }
}
