package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.internal.CoroutineBody;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.Outcomes;
import dev.weft.internal.WovenCoroutine;

import java.io.IOException;

/**
 * A coroutine of Weft's I/O layer ({@link StreamReader#readLine()}, {@link Connection#open}, ...): an ordinary
 * {@link dev.weft.Coroutine}, awaited, spawned or combined like any other, whose failure may be an
 * {@link IOException}, so that {@code await} on it declares {@code throws IOException}.
 *
 * <p>It runs inside the task that awaits it, as a woven {@code @Async} method does: it tries its operation, and
 * when it cannot finish yet (no line in the buffer, no room in the write buffer) it waits for whatever may change
 * that and tries again. So a cancellation reaches it only while it waits, before it took anything: a read that
 * is cancelled consumes no byte, unlike a read whose result was handed over by a callback and then dropped.
 *
 * <p>Invariants: {@code label} is 0 while the operation is tried and 1 while it waits; the operation runs only on
 * the loop thread, inside a step of the awaiting task.
 *
 * @param <T> the type of the value
 */
public final class IoCoroutine<T> extends WovenCoroutine<T> implements IoAwaitable<T> {
    private static final CoroutineBody BODY = frame -> ((IoCoroutine<?>) frame).step();

    /** One try of the operation: its value, or {@link #retryAfter} to be tried again later. */
    @FunctionalInterface
    interface Attempt {
        Object attempt() throws IOException;

        /** The wait ended the operation (a cancellation, say) before it finished: release what it holds. */
        default void abandoned() {
        }
    }

    /** What an {@link Attempt} returns when it cannot finish yet: try again once {@code awaitable} is done. */
    static final class RetryAfter {
        final Awaitable<?> awaitable;

        private RetryAfter(Awaitable<?> awaitable) {
            this.awaitable = awaitable;
        }
    }

    private final Attempt attempt;

    private IoCoroutine(String site, Attempt attempt) {
        super(site, BODY);
        this.attempt = attempt;
    }

    /** A coroutine named {@code site} ({@code Owner.operation}, for traces) that runs {@code attempt} until it finishes. */
    static <T> IoCoroutine<T> of(String site, Attempt attempt) {
        return new IoCoroutine<>(site, attempt);
    }

    /**
     * {@code coroutine} typed as an I/O coroutine, so that {@code await} on it declares {@code IOException}: for a
     * combinator around I/O, such as {@code Weft.timeout(delay, reader.readLine())}, whose own type says nothing
     * of the I/O failures it passes on. Awaiting the result awaits {@code coroutine} and gives its outcome.
     */
    public static <T> IoCoroutine<T> from(dev.weft.Coroutine<T> coroutine) {
        java.util.Objects.requireNonNull(coroutine, "coroutine");
        boolean[] awaited = {false};
        return new IoCoroutine<>("dev.weft.io.IoCoroutine.from", () -> {
            if (!awaited[0]) {
                awaited[0] = true;
                return retryAfter(coroutine);
            }
            return coroutine.result();
        });
    }

    /** For an {@link Attempt}: try again once {@code awaitable} is done (its failure fails the operation). */
    static Object retryAfter(Awaitable<?> awaitable) {
        return new RetryAfter(awaitable);
    }

    private Object step() {
        if (label == 1) {
            label = 0;
            try {
                Intrinsics.awaitResume(this);
            } catch (Throwable waitFailed) { // a cancellation, say: the operation ends here
                attempt.abandoned();
                throw waitFailed;
            }
        }
        for (;;) {
            Object outcome;
            try {
                outcome = attempt.attempt();
            } catch (IOException e) {
                throw Outcomes.sneakyThrow(e);
            }
            if (!(outcome instanceof RetryAfter)) {
                return outcome;
            }
            Object waited;
            try {
                waited = Intrinsics.awaitStart(((RetryAfter) outcome).awaitable, this);
            } catch (Throwable waitFailed) { // what it waits for had failed already
                attempt.abandoned();
                throw waitFailed;
            }
            if (waited == Intrinsics.SUSPENDED) {
                label = 1;
                return Intrinsics.SUSPENDED;
            }
        }
    }
}
