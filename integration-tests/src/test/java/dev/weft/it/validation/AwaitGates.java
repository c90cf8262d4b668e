package dev.weft.it.validation;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gates {@link AwaitGateInserter} puts in front of every {@code Weft.await} of a fixture: each await of
 * something not yet done by the main task (a suspension, unless it is a coroutine, which runs inline and is
 * gated at its own awaits) gets a number, in the order the fixture reaches them. Only the main task's: a
 * fixture's helper task cancelled half-way may rightly leave the main task waiting forever for what it
 * would have completed. The main task is the first to reach a gate: nothing else runs before it first
 * suspends. At the chosen number the gate cancels the
 * awaiting task, which is then suspended there and receives the {@code CancelledException} at that await,
 * or makes the await fail with an {@code IllegalStateException("injected")} on the loop's next pass.
 * Public: the fixtures live in another package.
 */
public final class AwaitGates {
    enum Mode { COUNT, CANCEL, FAIL }

    static final String MESSAGE = "injected";

    private static volatile Mode mode = Mode.COUNT;
    private static volatile int at = -1;
    private static final AtomicInteger suspensions = new AtomicInteger();
    private static volatile boolean injected;
    /** The task whose suspensions count: the first to reach a gate, the main task of {@code Weft.run}. */
    private static final AtomicReference<Task<?>> main = new AtomicReference<>();

    private AwaitGates() {
    }

    /** Starts a run: count the suspensions, and inject {@code mode} at number {@code at} (-1: never). */
    static void arm(Mode m, int injectAt) {
        suspensions.set(0);
        injected = false;
        main.set(null);
        mode = m;
        at = injectAt;
    }

    static int suspensions() {
        return suspensions.get();
    }

    static boolean injected() {
        return injected;
    }

    public static <T> Awaitable<T> gate(Awaitable<T> awaited) {
        if (awaited == null || awaited instanceof Coroutine || awaited.isDone() || !inject()) {
            return awaited;
        }
        return fault(awaited);
    }

    public static <T> CompletionStage<T> gateStage(CompletionStage<T> stage) {
        if (stage == null || stage.toCompletableFuture().isDone() || !inject()) {
            return stage;
        }
        if (mode == Mode.FAIL) {
            return stage.thenApply(v -> {
                throw new IllegalStateException(MESSAGE);
            });
        }
        return stage;
    }

    /** Numbers a suspension; true if this is the one to inject at (and, cancelling, cancels the task). */
    private static boolean inject() {
        Task<?> task = Weft.currentTask();
        if (task == null) {
            return false;
        }
        main.compareAndSet(null, task);
        if (main.get() != task || suspensions.getAndIncrement() != at) {
            return false;
        }
        injected = true;
        if (mode == Mode.CANCEL) {
            task.cancel(MESSAGE); // delivered at the await about to suspend
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T> Awaitable<T> fault(Awaitable<T> awaited) {
        if (mode != Mode.FAIL) {
            return awaited;
        }
        Promise<T> p = new Promise<>();
        dev.weft.EventLoop.current().callSoon(() -> p.fail(new IllegalStateException(MESSAGE)));
        return p;
    }
}
