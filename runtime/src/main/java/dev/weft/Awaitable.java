package dev.weft;

/**
 * Something a coroutine can {@link Weft#await}: a coroutine, a task, a promise, a sleep, or a type of
 * your own.
 *
 * <p>The protocol is small so that users can implement it: an awaitable is eventually <em>done</em>,
 * with either a value or a failure, and tells one or more listeners when that happens.
 *
 * <p>Invariants an implementation must keep:
 * <ul>
 *   <li>once {@link #isDone()} returns true it stays true, and {@link #result()} / {@link #exception()}
 *       never change again;</li>
 *   <li>each callback given to {@link #whenDone} runs exactly once, after the awaitable is done; it may
 *       run on any thread, and runs at once (on the calling thread) when the awaitable is already done.
 *       Weft's own callbacks only schedule work on the event loop, so running them inline is safe.</li>
 * </ul>
 *
 * @param <T> the type of the value
 */
public interface Awaitable<T> {

    /** Whether the outcome is known. */
    boolean isDone();

    /**
     * The value, once done. If the awaitable failed, the failure is thrown: unchecked exceptions and
     * errors as they are, checked ones wrapped in {@link java.util.concurrent.CompletionException}
     * (inside woven code {@code await} rethrows every failure as it is).
     *
     * @throws IllegalStateException if not done yet
     */
    T result();

    /**
     * The failure, once done, or {@code null} if it completed with a value. A cancelled awaitable
     * reports its {@link CancelledException}.
     *
     * @throws IllegalStateException if not done yet
     */
    Throwable exception();

    /** Runs {@code callback} once this is done (at once if it already is). */
    void whenDone(Runnable callback);

    /**
     * Forgets one registration of {@code callback} (the same object given to {@link #whenDone}) that has not run
     * yet, so that a waiter that stopped waiting (a cancelled task, a finished wait, a cancelled shield) leaves
     * nothing behind on a long-lived awaitable. Returns whether there was one. The default forgets nothing: the
     * callback then runs once this is done, which Weft's own callbacks tolerate. Weft's awaitables implement it.
     */
    default boolean removeWhenDone(Runnable callback) {
        return false;
    }
}
