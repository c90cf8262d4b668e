package dev.weft.internal;

import dev.weft.Awaitable;
import dev.weft.Promise;

/**
 * An awaitable whose outcome lives in its own {@link Promise}: subclasses decide when and how it is settled (a
 * timer, a CompletionStage, a selector's report, ...), the promise gives the completion and callback semantics.
 * Runtime-internal: users implement {@link Awaitable} directly.
 */
public abstract class PromiseBacked<T> implements Awaitable<T> {
    protected final Promise<T> outcome = new Promise<>();

    protected PromiseBacked() {
    }

    @Override
    public boolean isDone() {
        return outcome.isDone();
    }

    @Override
    public T result() {
        return outcome.result();
    }

    @Override
    public Throwable exception() {
        return outcome.exception();
    }

    @Override
    public void whenDone(Runnable callback) {
        outcome.whenDone(callback);
    }

    @Override
    public boolean removeWhenDone(Runnable callback) {
        return outcome.removeWhenDone(callback);
    }
}
