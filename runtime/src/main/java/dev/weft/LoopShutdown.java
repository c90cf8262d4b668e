package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an {@link EventLoop} ends its tasks when it closes. asyncio's {@code run()} cancels the tasks that exist and
 * waits for them; tasks their cleanup spawns are left pending and destroyed. Here the shutdown goes in rounds until
 * no task is left: each round cancels every unfinished task and runs the loop until all of them finished; tasks
 * spawned meanwhile (a flush, a goodbye message) run freely during that round, so a cleanup that awaits them
 * works, and are cancelled in the next round if they are still running (each after its first step at least, so
 * a task spawned by the very last step of a cleanup still starts). A task still running when the shutdown
 * bound passes is reported by name, with what it waits for, and abandoned: it ends cancelled without running more
 * of its code, so whoever awaits it, on this loop or another, is not left waiting forever.
 *
 * <p>Invariants: each task is cancelled at most once by the shutdown (a task that swallowed the cancellation and
 * awaits again is not interrupted a second time: its cleanup may await); {@code inRound} is the number of tasks
 * cancelled by the current round and not done yet; when {@link #run} returns every task of the loop is done and
 * nothing is ready; a task that failed during the shutdown with anything but a cancellation, its failure not
 * retrieved, is reported at once (asyncio: "unhandled exception during asyncio.run() shutdown").
 */
final class LoopShutdown {
    static final String MESSAGE = "event loop is shutting down";

    private final EventLoop loop;
    private final LoopTasks tasks;
    private final LoopPass pass;
    private final List<Task<?>> cancelled = new ArrayList<>();
    private int inRound;

    private LoopShutdown(EventLoop loop, LoopTasks tasks, LoopPass pass) {
        this.loop = loop;
        this.tasks = tasks;
        this.pass = pass;
    }

    /**
     * Runs the shutdown on the thread that owns the loop, for at most {@code bound} of real time; with a zero bound
     * it only abandons the tasks (the loop cannot run on this thread).
     */
    static void run(EventLoop loop, LoopTasks tasks, LoopPass pass, Duration bound) {
        new LoopShutdown(loop, tasks, pass).shutDown(bound);
    }

    private void shutDown(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (;;) {
            if (inRound == 0 && tasks.count() > 0 && everyTaskStarted()) {
                startRound();
            }
            if (tasks.count() == 0 && !pass.hasWorkNow()) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            pass.run(tasks.count() > 0 ? left : 0, false);
        }
        abandonStragglers(bound);
        reportFailures();
    }

    /** A task spawned by the cleanup runs at least up to its first suspension before it is cancelled. */
    private boolean everyTaskStarted() {
        for (Task<?> t : tasks.all()) {
            if (!t.started()) {
                return false;
            }
        }
        return true;
    }

    private void startRound() {
        List<Task<?>> round = tasks.all();
        inRound = round.size();
        for (Task<?> t : round) {
            cancelled.add(t);
            t.whenDone(() -> inRound--);
            t.cancel(MESSAGE);
        }
    }

    private void abandonStragglers(Duration bound) {
        for (Task<?> t : tasks.all()) {
            cancelled.add(t);
            loop.report("task " + t.name() + " did not finish within the shutdown timeout of " + bound.toMillis()
                    + " ms (" + t + "); it is abandoned", null);
            t.abandon("task " + t.name() + " was abandoned: its event loop closed before it finished");
        }
    }

    private void reportFailures() {
        for (Task<?> t : cancelled) {
            Throwable f = t.unretrievedFailure();
            if (f != null && !(f instanceof CancelledException)) {
                loop.report("unhandled exception during event loop shutdown: task " + t.name() + " failed", f);
            }
        }
    }

    /** A valid shutdown timeout: not null, not negative. */
    static Duration checkedTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout must not be negative: " + timeout);
        }
        return timeout;
    }

    /** What the closing loop does with an entry still queued: work with a future is rejected, a plain callback reported. */
    static void rejected(EventLoop loop, Runnable entry, Runnable nothing) {
        if (entry instanceof LoopWork) {
            try {
                ((LoopWork) entry).rejected();
            } catch (Throwable e) {
                loop.report("rejecting work " + entry + " failed", e);
            }
        } else if (!(entry instanceof Task) && entry != nothing) {
            loop.report("callback " + entry + " was dropped: the event loop closed before running it", null);
        }
    }
}
