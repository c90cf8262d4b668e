package dev.weft;

import dev.weft.internal.WovenCoroutine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * asyncio's {@code wait}: waits for a collection of tasks (or promises, or any awaitables) until a
 * {@link WaitMode} condition holds or a timeout passes, and hands back the same objects split into
 * {@link Done#done()} and {@link Done#pending()}.
 *
 * <pre>{@code
 * Done<Task<String>> d = await(Wait.waitAll(List.of(a, b, c), WaitMode.FIRST_COMPLETED));
 * for (Task<String> t : d.pending()) t.cancel();
 * }</pre>
 *
 * <p>Like asyncio it is an observer: it never cancels what it waits for, not on timeout and not when the
 * awaiting task is cancelled; a timeout is not an error, it just returns what is done so far. Like asyncio
 * since 3.11 it refuses coroutines that have not started: it hands back the objects it was given, and a
 * coroutine it had wrapped in a task would come back as a task you never saw; spawn them first.
 *
 * <p>Invariants: returns only when the mode's condition holds or the timeout passed; the timeout's timer is
 * cancelled whenever the wait ends first; it runs inside the awaiting task and ends at once, with its
 * {@link CancelledException}, when that task is cancelled.
 */
public final class Wait {
    private Wait() {
    }

    /**
     * Waits until {@code mode} holds for {@code awaitables}.
     *
     * @throws IllegalArgumentException if one of them is a coroutine that has not finished, or there are none
     *                                  (asyncio's ValueError)
     */
    public static <A extends Awaitable<?>> Coroutine<Done<A>> waitAll(Collection<? extends A> awaitables, WaitMode mode) {
        return waitAll(awaitables, mode, null);
    }

    /**
     * Like {@link #waitAll(Collection, WaitMode)}, returning after {@code timeout} at the latest ({@code null}:
     * no timeout) with what is done by then.
     */
    @SuppressWarnings("unchecked")
    public static <A extends Awaitable<?>> Coroutine<Done<A>> waitAll(Collection<? extends A> awaitables, WaitMode mode,
                                                                     Duration timeout) {
        Objects.requireNonNull(mode, "mode");
        return (WovenCoroutine<Done<A>>) new Machine<A>(awaitables, mode, timeout).frame;
    }

    private static final class Machine<A extends Awaitable<?>> extends CoroutineMachine<Done<A>> {
        private final List<A> inputs;
        private final WaitMode mode;
        private final Duration timeout;
        private final List<A> completed = new ArrayList<>();
        private final boolean[] isDone;
        /** The callback registered on each input, forgotten on those still pending when the wait ends. */
        private final Runnable[] registrations;
        private boolean failed;
        private boolean started;
        private boolean timedOut;
        private TimerHandle timer;
        private Promise<Void> wake;

        Machine(Collection<? extends A> awaitables, WaitMode mode, Duration timeout) {
            super("Weft.waitAll");
            this.inputs = new ArrayList<>(Objects.requireNonNull(awaitables, "awaitables"));
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("waitAll was given no awaitables to wait for");
            }
            for (A a : inputs) {
                Objects.requireNonNull(a, "an awaitable given to waitAll is null");
                if (a instanceof Coroutine && !a.isDone()) {
                    throw new IllegalArgumentException("waitAll takes tasks, promises and other awaitables, not coroutines"
                            + " that have not run (" + a + "): spawn them with Weft.spawn first, so that the tasks"
                            + " it hands back are yours");
                }
            }
            this.mode = mode;
            this.timeout = timeout;
            this.isDone = new boolean[inputs.size()];
            this.registrations = new Runnable[inputs.size()];
        }

        @Override
        Object advance(Object value, Throwable failure) {
            if (!started) {
                started = true;
                EventLoop loop = requireTask(frame.name()).loop();
                for (int i = 0; i < inputs.size(); i++) {
                    int index = i;
                    registrations[i] = whenDoneOnLoop(inputs.get(i), loop, () -> completed(index));
                }
                if (!satisfied() && timeout != null) {
                    timer = loop.callLater(timeout, () -> {
                        timedOut = true;
                        signal();
                    });
                }
            } else if (failure instanceof CancelledException) {
                cancelTimer();
                forgetPending(inputs.toArray(new Awaitable<?>[0]), registrations);
                throw (CancelledException) failure;
            }
            if (satisfied() || timedOut) {
                cancelTimer();
                forgetPending(inputs.toArray(new Awaitable<?>[0]), registrations);
                List<A> pending = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    if (!isDone[i]) {
                        pending.add(inputs.get(i));
                    }
                }
                return new Done<>(completed, pending);
            }
            wake = new Promise<>();
            return await(wake);
        }

        private void completed(int index) {
            if (isDone[index]) {
                return;
            }
            isDone[index] = true;
            A a = inputs.get(index);
            completed.add(a);
            if (mode == WaitMode.FIRST_EXCEPTION) {
                Throwable f = a.exception();
                if (f != null && !(f instanceof CancelledException)) {
                    failed = true;
                }
            }
            if (satisfied()) {
                signal();
            }
        }

        private boolean satisfied() {
            int n = inputs.size();
            switch (mode) {
                case FIRST_COMPLETED:
                    return n == 0 || !completed.isEmpty();
                case FIRST_EXCEPTION:
                    return failed || completed.size() == n;
                default:
                    return completed.size() == n;
            }
        }

        private void signal() {
            Promise<Void> p = wake;
            if (p != null) {
                wake = null;
                p.complete(null);
            }
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }
}
