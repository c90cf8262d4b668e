package dev.weft.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Adapts a {@link CompletionStage} (a CompletableFuture, say) to {@link dev.weft.Awaitable}. The stage may finish
 * on any thread; the awaiting task is resumed on its own loop thread by the task's wake-up. Failures are
 * unwrapped from {@link CompletionException} / {@link ExecutionException} so that {@code await} rethrows
 * what the producer threw.
 */
final class StageAwaitable<T> extends PromiseBacked<T> {
    private StageAwaitable() {
    }

    static <T> StageAwaitable<T> of(CompletionStage<T> stage) {
        StageAwaitable<T> adapter = new StageAwaitable<>();
        CompletableFuture<T> future = null;
        try {
            future = stage.toCompletableFuture();
        } catch (UnsupportedOperationException notSupported) {
            // a stage that will not expose a future: listen to it instead
        }
        if (future != null && future.isDone()) {
            adapter.settleFrom(future);
        } else {
            stage.whenComplete((v, e) -> adapter.settle(v, e));
        }
        return adapter;
    }

    private void settleFrom(CompletableFuture<T> future) {
        try {
            outcome.complete(future.join());
        } catch (CancellationException e) {
            outcome.fail(e);
        } catch (CompletionException e) {
            outcome.fail(unwrap(e));
        }
    }

    private void settle(T value, Throwable failure) {
        if (failure == null) {
            outcome.complete(value);
        } else {
            outcome.fail(unwrap(failure));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }
}
