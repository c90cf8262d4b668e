package dev.weft;

import dev.weft.internal.CompletedCoroutine;

/**
 * What an {@link Async} method returns: one resumable execution of its body.
 *
 * <p>Calling an {@code @Async} method runs nothing; it returns a coroutine in state {@link State#CREATED}.
 * The body runs when the coroutine is awaited, spawned as a {@link Task}, or given to {@link Weft#run}.
 * A coroutine is one execution: awaiting it a second time throws {@link IllegalStateException}.
 *
 * <p>Inside an {@code @Async} body, {@code return Coroutine.of(v)} completes with {@code v},
 * {@code return Coroutine.done()} completes a {@code Coroutine<Void>}, and {@code return other}
 * with any other coroutine completes with that coroutine's outcome.
 *
 * @param <T> the type of the final value
 */
public abstract class Coroutine<T> implements Awaitable<T> {

    /** The life cycle of a coroutine. */
    public enum State {
        /** Made but not started: the body has not run. */
        CREATED,
        /** The body is executing right now. */
        RUNNING,
        /** Stopped at an await, waiting to be resumed. */
        SUSPENDED,
        /** Finished: returned, threw, or was closed. */
        CLOSED
    }

    /** For Weft's own coroutines and for user-defined ones. */
    protected Coroutine() {
    }

    /**
     * A coroutine already finished with {@code value}; how an {@code @Async} body returns its result.
     * Woven code does not allocate for {@code return Coroutine.of(v)}.
     */
    public static <T> Coroutine<T> of(T value) {
        return new CompletedCoroutine<>(value);
    }

    /** A finished {@code Coroutine<Void>}; how an {@code @Async} body with no result returns. */
    @SuppressWarnings("unchecked")
    public static <T> Coroutine<T> done() {
        return (Coroutine<T>) CompletedCoroutine.VOID;
    }

    /** Where this coroutine is in its life cycle. */
    public abstract State state();

    /**
     * Closes the coroutine. A created one never runs. A suspended one is resumed with a
     * {@link CancelledException} at its await point so that its {@code catch} and {@code finally} blocks
     * run; it must not suspend again while closing. Closing a closed coroutine does nothing.
     *
     * @throws IllegalStateException if the coroutine is running, or awaited something unfinished while
     *                               closing
     */
    public abstract void close();

    @Override
    public boolean isDone() {
        return state() == State.CLOSED;
    }
}
