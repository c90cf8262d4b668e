package dev.weft.io;

import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Weft;
import dev.weft.internal.Outcomes;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N event loops, each on a thread of its own (one per core by default), so a program uses every core: Netty's
 * event loop group. {@link #startServer} accepts on the calling loop and runs each connection on the group's
 * next loop; {@link #run} runs a main coroutine on one of them. A task stays on the loop it started on; awaiting a
 * task or promise of another loop works, and wakes the awaiter on its own loop.
 *
 * <p>{@link #close()} shuts down gracefully: each loop first lets its tasks finish (up to the grace period, 10
 * seconds by default), then closes, which cancels the tasks still running and waits for their cleanup.
 *
 * <p>Invariants: {@code loops[i]} is run by {@code threads[i]} from construction until it is stopped by
 * {@link #close()}, then closed by that same thread; {@code next} only grows (round robin).
 */
public final class EventLoopGroup implements AutoCloseable {
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final long DRAIN_POLL_MILLIS = 5;

    private final EventLoop[] loops;
    private final Thread[] threads;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    /** One loop per available processor. */
    public EventLoopGroup() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** {@code size} loops, each started on its own (non-daemon) thread, named {@code weft-loop-i}. */
    public EventLoopGroup(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a group needs at least one loop: " + size);
        }
        loops = new EventLoop[size];
        threads = new Thread[size];
        for (int i = 0; i < size; i++) {
            EventLoop loop = new EventLoop();
            loops[i] = loop;
            threads[i] = new Thread(() -> {
                try {
                    loop.runForever();
                } finally {
                    loop.close();
                }
            }, "weft-loop-" + i);
            threads[i].start();
        }
    }

    public int size() {
        return loops.length;
    }

    /** The loop at {@code index}, 0 to {@code size() - 1}. */
    public EventLoop loop(int index) {
        return loops[index];
    }

    /** The group's loops in turn (round robin). */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * Runs {@code main} as a task on the next loop and returns its value, or throws its failure as it is. Call it
     * from a thread outside the group (it blocks until {@code main} is done).
     */
    public <T> T run(Coroutine<T> main) {
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                throw new IllegalStateException("run() blocks until main is done: call it from outside the group, "
                        + "or await a task of another loop from inside it");
            }
        }
        CompletableFuture<T> outcome = Weft.runCoroutineThreadsafe(main, next());
        try {
            return outcome.get();
        } catch (ExecutionException | CompletionException e) {
            throw Outcomes.sneakyThrow(e.getCause());
        } catch (InterruptedException e) {
            outcome.cancel(true);
            Thread.currentThread().interrupt();
            throw new dev.weft.CancelledException("interrupted while waiting for main");
        }
    }

    /**
     * Listens on {@code host}:{@code port}: the calling loop accepts, each connection runs on the group's next
     * loop. Await it in a task (on one of the group's loops, or any other loop).
     */
    public IoCoroutine<Server> startServer(StreamHandler handler, String host, int port) {
        return startServer(handler, host, port, null);
    }

    /** Like {@link #startServer(StreamHandler, String, int)}, with TLS when {@code tls} is not null. */
    public IoCoroutine<Server> startServer(StreamHandler handler, String host, int port, SSLContext tls) {
        return Server.start(handler, host, port, tls, this::next);
    }

    /** {@link #close(Duration)} with a grace period of 10 seconds. */
    @Override
    public void close() {
        close(DEFAULT_GRACE);
    }

    /**
     * Lets each loop's tasks finish for up to {@code grace}, then stops and closes every loop (cancelling what is
     * left, with its cleanup) and waits for their threads. Idempotent; call it from outside the group.
     */
    public void close(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (EventLoop loop : loops) {
            try {
                loop.callSoonThreadsafe(() -> stopWhenDrained(loop, deadline));
            } catch (dev.weft.LoopClosedException alreadyClosed) {
                // its thread ended already
            }
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            for (;;) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private static void stopWhenDrained(EventLoop loop, long deadline) {
        if (loop.allTasks().isEmpty() || System.nanoTime() - deadline >= 0) {
            loop.stop();
        } else {
            loop.callLater(Duration.ofMillis(DRAIN_POLL_MILLIS), () -> stopWhenDrained(loop, deadline));
        }
    }

    @Override
    public String toString() {
        return "EventLoopGroup[" + loops.length + " loops" + (closed ? ", closed" : "") + "]";
    }
}
