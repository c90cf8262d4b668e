package dev.weft;

import java.util.concurrent.CompletableFuture;

/**
 * {@link Weft#runCoroutineThreadsafe}: a coroutine handed to a loop from another thread, started there as a task,
 * its outcome reported through a {@link CompletableFuture}.
 *
 * <p>Invariants: the future is completed exactly once: with the task's outcome, with a {@link LoopClosedException}
 * if the loop refused or dropped the start (the coroutine is then closed, never run), or by the caller's own
 * cancellation, which cancels the task (or, if it has not started, keeps it from starting).
 */
final class ThreadsafeStart<T> implements LoopWork {
    private final Coroutine<T> coroutine;
    private final EventLoop loop;
    private final CompletableFuture<T> future = new CompletableFuture<>();

    private ThreadsafeStart(Coroutine<T> coroutine, EventLoop loop) {
        this.coroutine = coroutine;
        this.loop = loop;
    }

    static <T> CompletableFuture<T> start(Coroutine<T> coroutine, EventLoop loop) {
        ThreadsafeStart<T> start = new ThreadsafeStart<>(coroutine, loop);
        if (!loop.offerInternal(start)) {
            start.rejected();
        }
        return start.future;
    }

    /** On the loop: start the task, unless the future was cancelled meanwhile. */
    @Override
    public void run() {
        if (future.isDone()) {
            coroutine.close();
            return;
        }
        if (loop.isClosing()) { // not a task of the cleanup: it would only be cancelled before it started
            rejected();
            return;
        }
        Task<T> task;
        try {
            task = loop.createTask(coroutine);
        } catch (RuntimeException | Error refused) { // a coroutine already awaited elsewhere, say
            future.completeExceptionally(refused);
            return;
        }
        task.toCompletableFuture().whenComplete((v, e) -> {
            if (e != null) {
                future.completeExceptionally(e);
            } else {
                future.complete(v);
            }
        });
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                task.cancel("the future was cancelled");
            }
        });
    }

    @Override
    public void rejected() {
        LoopClosedException refused = new LoopClosedException("the event loop is closed: coroutine " + coroutine
                + " was not started");
        try {
            if (coroutine.state() == Coroutine.State.CREATED) {
                coroutine.close();
            }
        } catch (RuntimeException | Error closeFailed) { // a user's Coroutine whose close() throws
            refused.addSuppressed(closeFailed);
        }
        future.completeExceptionally(refused);
    }

    @Override
    public String toString() {
        return "runCoroutineThreadsafe(" + coroutine + ")";
    }
}
