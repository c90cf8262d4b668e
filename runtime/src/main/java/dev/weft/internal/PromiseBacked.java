package dev.weft.internal;

import dev.weft.Awaitable;
import dev.weft.Promise;

/**
 * An awaitable whose outcome lives in a private {@link Promise}: subclasses decide when and how it is settled
 * (a timer, a CompletionStage, ...), the promise gives the completion and callback semantics.
 */
abstract class PromiseBacked<T> implements Awaitable<T> {
    final Promise<T> outcome = new Promise<>();

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
