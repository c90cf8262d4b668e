package dev.weft;

import dev.weft.internal.Cancellable;
import dev.weft.internal.WovenCoroutine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * asyncio's {@code gather}: runs awaitables concurrently and gives their values in argument order.
 *
 * <pre>{@code
 * List<String> pages = await(Gather.gather(fetch("a"), fetch("b"), fetch("c")));
 * List<Object> outcomes = await(Gather.gatherSettled(fetch("a"), fetch("b")));   // values and Throwables
 * }</pre>
 *
 * <p>Coroutines that have not started are wrapped in tasks when the gather is awaited (not when
 * {@code gather(...)} is called: like any coroutine, a gather runs nothing until awaited), one task for a
 * coroutine passed several times; tasks, promises, sleeps and other awaitables are waited for as they are. The
 * gather runs inside the awaiting task.
 *
 * <p><b>Failure, where this differs from asyncio.</b> asyncio's gather raises the first failure and leaves
 * the other awaitables running, orphaned: nobody awaits them, their failures are lost. Here the first
 * failure stops the others: every unfinished one that can be cancelled is cancelled, the gather waits until
 * the tasks among them have finished their cleanup, and then throws the first failure as it is, with the
 * failures that happened meanwhile attached as suppressed exceptions. Nothing keeps running after the
 * gather completes (unless you {@link Shield#shield shield} it). Like asyncio, a {@link CancelledException}
 * of a child counts as its failure; cancelling the awaiting task cancels every child, and here it also
 * waits for their cleanup before the {@link CancelledException} goes on.
 *
 * <p>In {@code gatherSettled} mode (asyncio's {@code return_exceptions=True}) nothing is cancelled by a
 * failure: the list holds each value, or the {@link Throwable} its awaitable failed with (a cancelled one
 * gives its {@link CancelledException}).
 *
 * <p><b>A running gather you can cancel.</b> asyncio's {@code gather()} starts its children at once and returns
 * a future that can be awaited later, or by several, and cancelled. Here that is {@link #spawn} (and
 * {@link #spawnSettled}): it returns a {@link Task} of the list, already running (its first step runs inside
 * the call, so the coroutines among the arguments are tasks when it returns, scheduled to start on the loop's
 * next pass, as asyncio's are). Cancelling that task cancels every unfinished child, waits for their cleanup,
 * and ends the task cancelled.
 * <pre>{@code
 * Task<List<String>> pages = Gather.spawn(fetch("a"), fetch("b"));   // both fetches are under way
 * ...
 * pages.cancel();                                                   // cancels both fetches
 * }</pre>
 * Where the handle differs from asyncio's gathering future, it is because it is a task: {@code cancel()}
 * returns {@code true} while the task is not done and the task then ends cancelled even if the children had all
 * finished in the meantime (asyncio refuses the cancellation then, and delivers the values); and a child's
 * {@link CancelledException} that ends the gather leaves the task {@link Task#isCancelled() cancelled} (asyncio's
 * future then holds the CancelledError as its exception, without being cancelled itself).
 *
 * <p>Invariants: the result list has one entry per argument, in argument order (an awaitable passed twice gives
 * its outcome twice); when the gather completes
 * (value, failure or cancellation) every task it created is done; the first failure is the one thrown.
 */
public final class Gather {
    private Gather() {
    }

    /** The values of {@code awaitables}, in argument order; the first failure cancels the rest and is rethrown. */
    @SafeVarargs
    public static <T> Coroutine<List<T>> gather(Awaitable<? extends T>... awaitables) {
        return gather(Arrays.asList(awaitables));
    }

    /** Like {@link #gather(Awaitable[])}, over a collection, in its iteration order. */
    @SuppressWarnings("unchecked")
    public static <T> Coroutine<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        return (WovenCoroutine<List<T>>) new Machine<T>(awaitables, false).frame;
    }

    /**
     * asyncio's {@code gather()} as a handle: starts gathering {@code awaitables} at once and returns the task
     * that does it, already running; await it for the values, cancel it to cancel every child (see the class
     * comment). Must be called on the loop's thread.
     */
    @SafeVarargs
    public static <T> Task<List<T>> spawn(Awaitable<? extends T>... awaitables) {
        return spawn(Arrays.asList(awaitables));
    }

    /** Like {@link #spawn(Awaitable[])}, over a collection, in its iteration order. */
    public static <T> Task<List<T>> spawn(Collection<? extends Awaitable<? extends T>> awaitables) {
        return EventLoop.current().createTask(gather(awaitables), null, true);
    }

    /** {@link #gatherSettled(Awaitable[])} as a running, cancellable task, like {@link #spawn(Awaitable[])}. */
    public static Task<List<Object>> spawnSettled(Awaitable<?>... awaitables) {
        return spawnSettled(Arrays.asList(awaitables));
    }

    /** Like {@link #spawnSettled(Awaitable[])}, over a collection, in its iteration order. */
    public static Task<List<Object>> spawnSettled(Collection<? extends Awaitable<?>> awaitables) {
        return EventLoop.current().createTask(gatherSettled(awaitables), null, true);
    }

    /** asyncio's {@code gather(..., return_exceptions=True)}: each value, or the Throwable it failed with. */
    public static Coroutine<List<Object>> gatherSettled(Awaitable<?>... awaitables) {
        return gatherSettled(Arrays.asList(awaitables));
    }

    /** Like {@link #gatherSettled(Awaitable[])}, over a collection, in its iteration order. */
    @SuppressWarnings("unchecked")
    public static Coroutine<List<Object>> gatherSettled(Collection<? extends Awaitable<?>> awaitables) {
        return (WovenCoroutine<List<Object>>) new Machine<Object>(awaitables, true).frame;
    }

    private static final class Machine<T> extends CoroutineMachine<List<T>> {
        private final List<Awaitable<?>> inputs;
        private final boolean settled;
        private Awaitable<?>[] children;
        /** The callback registered on each child, forgotten on those still pending when the gather ends. */
        private Runnable[] registrations;
        private int unfinished;
        private int unfinishedTasks;
        private Throwable firstFailure;
        private final List<Throwable> laterFailures = new ArrayList<>();
        private CancelledException cancellation;
        private boolean stopping;
        private Promise<Void> wake;

        Machine(Collection<? extends Awaitable<?>> inputs, boolean settled) {
            super(settled ? "Weft.gatherSettled" : "Weft.gather");
            List<Awaitable<?>> copy = new ArrayList<>(Objects.requireNonNull(inputs, "awaitables"));
            for (Awaitable<?> a : copy) {
                Objects.requireNonNull(a, "an awaitable given to gather is null");
            }
            this.inputs = copy;
            this.settled = settled;
        }

        @Override
        Object advance(Object value, Throwable failure) {
            if (children == null) {
                start();
            } else if (failure instanceof CancelledException) {
                if (cancellation == null) {
                    cancellation = (CancelledException) failure;
                    stop("the task awaiting gather was cancelled");
                }
                // the wait carries out the latest cancellation too: an enclosing scope that delivered it sees its own
                // on its way out, and does not deliver it again at every pass while the children clean up
                inFlight = failure;
            }
            if (cancellation != null) {
                if (unfinishedTasks == 0) {
                    forgetPending(children, registrations);
                    throw cancellation;
                }
                return sleep();
            }
            if (firstFailure != null) {
                if (!stopping) {
                    stop("another awaitable of the gather failed: " + firstFailure);
                }
                if (unfinishedTasks == 0) {
                    for (Throwable t : laterFailures) {
                        if (t != firstFailure) {
                            firstFailure.addSuppressed(t);
                        }
                    }
                    forgetPending(children, registrations);
                    throw rethrow(firstFailure);
                }
                return sleep();
            }
            if (unfinished == 0) {
                return results();
            }
            return sleep();
        }

        private void start() {
            EventLoop loop = requireTask(frame.name()).loop();
            Awaitable<?>[] watched = new Awaitable<?>[inputs.size()];
            // a coroutine passed twice becomes one task, as in asyncio (it could not be awaited twice)
            Map<Awaitable<?>, Awaitable<?>> made = watched.length > 1 ? new IdentityHashMap<>() : null;
            try {
                for (int i = 0; i < watched.length; i++) {
                    Awaitable<?> a = inputs.get(i);
                    watched[i] = made == null ? asWatchable(a, loop) : made.computeIfAbsent(a, x -> asWatchable(x, loop));
                }
            } catch (RuntimeException | Error e) {
                for (Awaitable<?> a : watched) {
                    if (a instanceof Task) {
                        ((Task<?>) a).cancel("gather failed to start");
                    }
                }
                throw e;
            }
            children = watched;
            registrations = new Runnable[watched.length];
            unfinished = watched.length;
            for (Awaitable<?> a : watched) {
                if (a instanceof Task) {
                    unfinishedTasks++;
                }
            }
            for (int i = 0; i < watched.length; i++) {
                int index = i;
                registrations[i] = whenDoneOnLoop(watched[i], loop, () -> childDone(index));
            }
        }

        private void childDone(int index) {
            Awaitable<?> child = children[index];
            unfinished--;
            if (child instanceof Task) {
                unfinishedTasks--;
            }
            boolean signal = unfinished == 0 || (stopping && unfinishedTasks == 0);
            if (!settled) {
                Throwable f = child.exception();
                if (f != null) {
                    if (firstFailure == null && cancellation == null) {
                        firstFailure = f;
                        signal = true;
                    } else if (!(f instanceof CancelledException)) {
                        laterFailures.add(f);
                    }
                }
            }
            if (signal && wake != null) {
                Promise<Void> p = wake;
                wake = null;
                p.complete(null);
            }
        }

        private void stop(String message) {
            stopping = true;
            for (Awaitable<?> a : children) {
                if (!a.isDone() && a instanceof Cancellable) {
                    ((Cancellable) a).cancel(message);
                }
            }
        }

        private Object sleep() {
            wake = new Promise<>();
            return await(wake);
        }

        @SuppressWarnings("unchecked")
        private List<T> results() {
            List<Object> values = new ArrayList<>(children.length);
            for (Awaitable<?> a : children) {
                if (settled) {
                    Throwable f = a.exception();
                    values.add(f != null ? f : a.result());
                } else {
                    values.add(a.result());
                }
            }
            return (List<T>) Collections.unmodifiableList(values);
        }
    }
}
