package dev.weft;

import dev.weft.internal.WovenCoroutine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Structured concurrency (asyncio's {@code TaskGroup}, trio's nursery): tasks spawned into a
 * group cannot outlive it. Awaiting the group waits for all of them; the first failure cancels the others
 * and the body; all failures come out together as one {@link ExceptionGroup}.
 *
 * <pre>{@code
 * @Async static Coroutine<Void> crawl(TaskGroup g, List<String> urls) {
 *     for (String url : urls) g.spawn(fetch(url));        // children run concurrently
 *     await(Weft.sleep(Duration.ofMillis(10)));           // the body may await, it runs in this task
 *     return Coroutine.done();
 * }
 * ...
 * await(TaskGroup.run(g -> crawl(g, urls)));            // returns when every child finished
 * }</pre>
 *
 * <p><b>Why this shape</b> ({@code await(TaskGroup.run(g -> body(g)))} rather than
 * {@code open(); try { ... } finally { await(g.join()); }}): the group must know how its body ended (a failing
 * body cancels the children and its failure joins the group's), must be able to cancel the body when a child
 * fails, and must not be forgotten; with {@code run} the group owns its body. The body is an {@code @Async}
 * method taking the group (or a lambda that only spawns, since woven code cannot await in a lambda); the
 * group runs it inside the awaiting task, so cancelling that task reaches the body, and the body keeps the
 * task's context variables. A {@code finally}-based shape would leak the children whenever someone forgets
 * the {@code finally}, cannot see the body's failure, and its {@code join} would have to await inside a
 * cancelled scope.
 *
 * <p><b>Semantics</b> (asyncio 3.12, except where noted):
 * <ul>
 *   <li>the first child that fails (with anything but {@link CancelledException}) cancels the other children
 *       and the body; the body's cancellation sticks until the group exits (see {@link CancelScope}: a body
 *       that drops it is cancelled again at its next await, a body cleaning up in {@code finally} may await);</li>
 *   <li>when the body ends, the group waits for every child; a failing body cancels them first;</li>
 *   <li>the group then throws an {@link ExceptionGroup} of the children's failures in the order they happened,
 *       the body's failure last; cancelled children are not failures;</li>
 *   <li>the group's own cancellation requests on the task are withdrawn ({@link Task#uncancel}), so a
 *       {@link CancelledException} the group caused never escapes it; if the task was cancelled from outside,
 *       the children are cancelled and waited for, and the {@link CancelledException} propagates, unless
 *       there were failures, which take priority (as in asyncio);</li>
 *   <li>{@link #cancel()} (not in asyncio; trio's {@code nursery.cancel_scope.cancel()}) cancels the children
 *       and the body; the group then ends quietly: it returns the body's value if the body had finished, else
 *       {@code null}, or throws the {@link ExceptionGroup} if something failed;</li>
 *   <li>spawning into a group that is finished or shutting down (aborting after a failure or
 *       {@link #cancel()}) is refused with {@link IllegalStateException}, and the coroutine is closed, never
 *       run; a child may spawn siblings while the group waits.</li>
 * </ul>
 *
 * <p>Invariants: every task spawned through the group is done when the group's coroutine completes; the
 * group's coroutine completes only after its body completed; {@code children} holds exactly the unfinished
 * children; {@link Task#cancelling()} of the awaiting task is the same after the group as before, plus the
 * requests made from outside.
 */
public final class TaskGroup {
    private final Driver<?> driver;
    private final Set<Task<?>> children = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private boolean started;
    private boolean aborting;
    private boolean cancelled;
    private boolean finished;
    private Promise<Void> allDone;

    private TaskGroup(Function<? super TaskGroup, ? extends Coroutine<?>> body) {
        this.driver = new Driver<>(body);
    }

    /**
     * A coroutine that, when awaited, runs the body {@code body(group)} in the awaiting task, then waits for
     * every task spawned into the group; gives the body's value, or throws an {@link ExceptionGroup} of the
     * failures, or the {@link CancelledException} if the awaiting task was cancelled.
     */
    @SuppressWarnings("unchecked")
    public static <T> Coroutine<T> run(Function<? super TaskGroup, ? extends Coroutine<T>> body) {
        Objects.requireNonNull(body, "body");
        return (WovenCoroutine<T>) new TaskGroup(body).driver.frame;
    }

    /** Spawns {@code coroutine} as a child task of the group (asyncio's {@code create_task}). Loop thread only. */
    public <T> Task<T> spawn(Coroutine<T> coroutine) {
        return spawn(coroutine, null);
    }

    /**
     * Like {@link #spawn(Coroutine)}, naming the task.
     *
     * @throws IllegalStateException if the group has not started, is finished, or is shutting down (a child
     *                               failed, or it was cancelled); the coroutine is then closed
     */
    public <T> Task<T> spawn(Coroutine<T> coroutine, String name) {
        Objects.requireNonNull(coroutine, "coroutine");
        String refusal = !started ? "has not started: spawn from its body"
                : finished ? "is finished"
                : aborting ? "is shutting down" + (cancelled ? " (cancelled)" : " (a task failed)")
                : null;
        if (refusal == null && EventLoop.current() != driver.loop) {
            refusal = "belongs to another event loop";
        }
        if (refusal != null) {
            if (coroutine.state() == Coroutine.State.CREATED) {
                coroutine.close();
            }
            throw new IllegalStateException("task group " + refusal);
        }
        Task<T> task = driver.loop.createTask(coroutine, name);
        children.add(task);
        task.whenDone(() -> childDone(task));
        return task;
    }

    /**
     * Cancels the whole group: every child and the body (the body's cancellation sticks until the group
     * exits). The group then ends without a {@link CancelledException}. Does nothing once finished. Loop
     * thread only.
     */
    public void cancel() {
        if (finished || cancelled) {
            return;
        }
        cancelled = true;
        abort("task group cancelled");
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Whether the group is shutting down: a child or the body failed, or it was cancelled. */
    public boolean isAborting() {
        return aborting;
    }

    /** Whether the group is over: its coroutine completed or is completing. */
    public boolean isFinished() {
        return finished;
    }

    /** The children not finished yet, in spawn order. */
    public List<Task<?>> tasks() {
        return new ArrayList<>(children);
    }

    private void childDone(Task<?> task) {
        children.remove(task);
        if (!task.isCancelled()) {
            Throwable failure = task.exception();
            if (failure != null) {
                errors.add(failure);
                if (!aborting) {
                    abort("task group is shutting down: task " + task.name() + " failed with " + failure);
                }
            }
        }
        if (children.isEmpty() && allDone != null) {
            Promise<Void> p = allDone;
            allDone = null;
            p.complete(null);
        }
    }

    private void abort(String message) {
        aborting = true;
        for (Task<?> child : new ArrayList<>(children)) {
            child.cancel(message);
        }
        driver.cancel(message);
    }

    @Override
    public String toString() {
        String s = finished ? "finished" : aborting ? "aborting" : started ? "running" : "not started";
        return "TaskGroup[" + s + ", " + children.size() + " running, " + errors.size() + " failed]";
    }

    private final class Driver<T> extends CancelScope<T> {
        private final Function<? super TaskGroup, ? extends Coroutine<?>> body;
        private Object bodyValue;
        private Throwable bodyError;
        private CancelledException cancellation;
        /** The body ended by a cancellation this group asked for (a failure, {@link #cancel()}). */
        private boolean bodyCancelledByGroup;

        Driver(Function<? super TaskGroup, ? extends Coroutine<?>> body) {
            super("Weft.taskGroup");
            this.body = body;
        }

        @Override
        Awaitable<?> createBody() {
            started = true;
            return body.apply(TaskGroup.this);
        }

        @Override
        Object bodyFinished(Object value, Throwable failure) {
            bodyValue = value;
            if (failure instanceof CancelledException) {
                cancellation = (CancelledException) failure;
                bodyCancelledByGroup = cancelRequested();
            } else if (failure != null) {
                bodyError = failure;
            }
            if (failure != null && !aborting) {
                abort(failure instanceof CancelledException ? "the task running the task group was cancelled"
                        : "task group is shutting down: its body failed with " + failure);
            }
            return waitForChildren();
        }

        @Override
        Object resumedAfterBody(Object value, Throwable failure) {
            if (failure instanceof CancelledException && isExternalCancel()) {
                // the awaiting task was cancelled while the group waited: cancel the children, keep waiting
                cancellation = (CancelledException) failure;
                bodyCancelledByGroup = false;
                if (!aborting) {
                    abort("the task running the task group was cancelled");
                }
            }
            return waitForChildren();
        }

        private Object waitForChildren() {
            if (!children.isEmpty()) {
                allDone = new Promise<>();
                inFlight = cancellation;
                return await(allDone);
            }
            inFlight = null;
            finished = true;
            int left = releaseOwnCancels();
            List<Throwable> failures = new ArrayList<>(errors);
            if (bodyError != null) {
                failures.add(bodyError);
            }
            if (!failures.isEmpty()) {
                if (left > entryCancelling) {
                    // an outside cancellation was delivered into the group, which turns it into this group of
                    // failures: deliver it again at the task's next await, or it would be lost (asyncio 3.13)
                    task.redeliverCancel();
                }
                throw new ExceptionGroup(failures);
            }
            if (cancellation != null) {
                if (left > entryCancelling || !bodyCancelledByGroup) {
                    throw cancellation; // cancelled from outside (or by something else): propagate
                }
                return null; // the group's own cancellation (cancel()): it does not escape
            }
            return bodyValue;
        }
    }
}
