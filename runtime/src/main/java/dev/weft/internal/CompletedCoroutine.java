package dev.weft.internal;

import dev.weft.Coroutine;

/**
 * A coroutine that finished before anyone asked: what {@link Coroutine#of} and {@link Coroutine#done}
 * return. It holds a value, is always {@code CLOSED}, and may be awaited any number of times.
 */
public final class CompletedCoroutine<T> extends Coroutine<T> {
    public static final CompletedCoroutine<Void> VOID = new CompletedCoroutine<>(null);

    private final T value;

    public CompletedCoroutine(T value) {
        this.value = value;
    }

    @Override
    public State state() {
        return State.CLOSED;
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isDone() {
        return true;
    }

    @Override
    public T result() {
        return value;
    }

    @Override
    public Throwable exception() {
        return null;
    }

    @Override
    public void whenDone(Runnable callback) {
        callback.run();
    }

    @Override
    public String toString() {
        return "Coroutine.of(" + value + ")";
    }
}
