package dev.weft.it.fuzz;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;

import java.util.ArrayList;
import java.util.List;

/**
 * Cancellation or failure injected at one suspension point of a generated program (issue 4, "cancellation and
 * failure at every await"). The support coroutines {@code slow}, {@code slowFail} and {@code slowFailU} of every
 * program suspend through {@link #pause}: {@code await(Injection.pause(Weft.sleep(Duration.ZERO)))}. Those
 * pauses are numbered in the order the program reaches them, which is the same in both spellings.
 *
 * <p>Outside an injected run {@code pause} returns the sleep it was given. In a run injecting at pause
 * {@code k}, the k-th pause instead returns:
 * <ul>
 *   <li>woven: a promise that nobody completes; on the loop's next pass, with the task suspended on it, the
 *       harness cancels the task ({@link Mode#CANCEL}) or fails the promise ({@link Mode#FAIL}) — a real
 *       {@link Task#cancel(String)} of a suspended task, or a real failure delivered at resumption;</li>
 *   <li>reference: an awaitable that throws {@code CancelledException("injected")} or
 *       {@code IllegalStateException("injected")} at once — what a correct weaver and runtime must make the
 *       woven program see.</li>
 * </ul>
 * The oracle compares the two traces (so every finally block ran exactly once, every catch saw what it
 * should, and the program ended the same way) and checks afterwards that the woven run left no promise of
 * its pauses pending: the cancelled task cancelled what it waited on.
 */
public final class Injection {
    /** What is injected. */
    enum Mode {
        CANCEL, FAIL
    }

    static final String MESSAGE = "injected";
    private static final ThreadLocal<Injection> CURRENT = new ThreadLocal<>();

    private final Mode mode;
    private final int at;
    private int pauses;
    private boolean injected;
    private final List<Promise<?>> issued = new ArrayList<>();

    private Injection(Mode mode, int at) {
        this.mode = mode;
        this.at = at;
    }

    /** Injects nothing; counts the pauses a run reaches. */
    static Injection counting() {
        return new Injection(null, -1);
    }

    /** Injects {@code mode} at pause {@code at} (0-based). */
    static Injection at(Mode mode, int at) {
        return new Injection(mode, at);
    }

    /** A run of a program. */
    interface Program<T> {
        T call() throws Throwable;
    }

    /** Runs {@code program} on this thread with this injection in force. */
    <T> T during(Program<T> program) throws Throwable {
        CURRENT.set(this);
        try {
            return program.call();
        } finally {
            CURRENT.remove();
        }
    }

    int pauses() {
        return pauses;
    }

    boolean injected() {
        return injected;
    }

    /** The promises of the woven run's injected pauses that were left pending. */
    long leftPending() {
        return issued.stream().filter(p -> !p.isDone()).count();
    }

    String describe(int of) {
        return (mode == Mode.CANCEL ? "task cancelled" : "failure injected") + " at pause " + at + " of " + of;
    }

    /**
     * Called by the generated programs with the sleep their support coroutine is about to await; returns what
     * to await instead. Public: the generated classes live in other packages.
     */
    @SuppressWarnings("unchecked")
    public static <A> A pause(A sleep) {
        Injection in = CURRENT.get();
        if (in == null || in.pauses++ != in.at) {
            return sleep;
        }
        in.injected = true;
        return (A) (sleep instanceof dev.weft.Awaitable ? in.wovenFault() : in.referenceFault());
    }

    private Promise<Void> wovenFault() {
        Promise<Void> p = new Promise<>();
        issued.add(p);
        EventLoop loop = EventLoop.current();
        if (mode == Mode.CANCEL) {
            Task<?> task = Weft.currentTask();
            loop.callSoon(() -> task.cancel(MESSAGE));
        } else {
            loop.callSoon(() -> p.fail(new IllegalStateException(MESSAGE)));
        }
        return p;
    }

    private RefRuntime.Awaitable<Void> referenceFault() {
        Error cancelled = new CancelledException(MESSAGE);
        RuntimeException failed = new IllegalStateException(MESSAGE);
        return () -> {
            if (mode == Mode.CANCEL) {
                throw cancelled;
            }
            throw failed;
        };
    }
}
