package dev.weft;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads of one {@link EventLoop} (asyncio's default executor), where {@link Weft#toThread} runs
 * blocking work so the loop keeps going.
 *
 * <p>Invariants:
 * <ul>
 *   <li>the pool exists only once work was submitted, and is shut down (without waiting) when the loop closes;
 *       its threads are daemons, so they never keep the JVM alive;</li>
 *   <li>every submission's promise is settled exactly once: with the work's outcome, or with a
 *       {@link LoopClosedException} when the loop closed before the work could be handed to a thread;</li>
 *   <li>a promise settled on a worker thread wakes its awaiting task through the loop's thread-safe inbox.</li>
 * </ul>
 */
final class WorkerThreads {
    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    private ExecutorService pool;
    private boolean shutDown;

    /** Runs {@code work} on a worker thread with {@code context} as its context variables. Loop's thread. */
    synchronized <T> Promise<T> submit(Callable<T> work, Map<ContextVar<?>, Object> context) {
        Promise<T> outcome = new Promise<>();
        if (shutDown) {
            outcome.fail(new LoopClosedException("the event loop is closed: blocking work cannot start"));
            return outcome;
        }
        if (pool == null) {
            pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "weft-worker-" + THREAD_COUNTER.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        try {
            pool.execute(() -> ContextVar.runWith(context, () -> {
                try {
                    outcome.complete(work.call());
                } catch (Throwable t) {
                    outcome.fail(t);
                }
            }));
        } catch (RejectedExecutionException closed) {
            outcome.fail(new LoopClosedException("the event loop is closed: blocking work cannot start"));
        }
        return outcome;
    }

    /** Stops taking work; running work finishes on its thread, its outcome no longer awaited. */
    synchronized void shutDown() {
        shutDown = true;
        if (pool != null) {
            pool.shutdown();
        }
    }
}
