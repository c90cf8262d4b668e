package dev.weft.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A CompletionStage as an awaitable: settled at once from a future that is already done, else when the stage
 * completes (also for a stage that refuses {@code toCompletableFuture()}); a failure comes out as the producer threw
 * it, unwrapped from any number of {@link CompletionException} / {@link ExecutionException} layers that have a
 * cause (one without a cause is the failure itself); a cancelled future gives its {@link CancellationException}.
 */
class StageAwaitableTest {
    /** A stage that will not expose a future (toCompletableFuture throws), listening to {@code source}. */
    @SuppressWarnings("unchecked")
    private static <T> CompletionStage<T> withoutFuture(CompletableFuture<T> source) {
        return (CompletionStage<T>) Proxy.newProxyInstance(StageAwaitableTest.class.getClassLoader(),
                new Class<?>[] {CompletionStage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toCompletableFuture")) {
                        throw new UnsupportedOperationException("no future here");
                    }
                    try {
                        return method.invoke(source, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aDoneFutureSettlesAtOnce() {
        StageAwaitable<String> a = StageAwaitable.of(CompletableFuture.completedFuture("v"));
        assertTrue(a.isDone());
        assertEquals("v", a.result());
        IllegalStateException boom = new IllegalStateException("boom");
        StageAwaitable<String> failed = StageAwaitable.of(CompletableFuture.failedFuture(boom));
        assertTrue(failed.isDone());
        assertSame(boom, failed.exception(), "join() wraps it; the awaitable does not");
    }

    @Test
    void aCancelledDoneFutureGivesItsCancellationException() {
        CompletableFuture<String> f = new CompletableFuture<>();
        f.cancel(false);
        StageAwaitable<String> a = StageAwaitable.of(f);
        assertInstanceOf(CancellationException.class, a.exception());
    }

    @Test
    void aPendingFutureSettlesWhenItCompletes() {
        CompletableFuture<String> f = new CompletableFuture<>();
        StageAwaitable<String> a = StageAwaitable.of(f);
        assertFalse(a.isDone());
        f.complete("later");
        assertEquals("later", a.result());
        CompletableFuture<String> g = new CompletableFuture<>();
        StageAwaitable<String> b = StageAwaitable.of(g);
        IOException disk = new IOException("disk");
        g.completeExceptionally(new CompletionException(new ExecutionException(disk)));
        assertSame(disk, b.exception(), "every wrapping layer is removed");
    }

    @Test
    void aStageWithoutAFutureIsListenedTo() {
        CompletableFuture<String> source = new CompletableFuture<>();
        StageAwaitable<String> a = StageAwaitable.of(withoutFuture(source));
        assertFalse(a.isDone());
        source.complete("heard");
        assertEquals("heard", a.result());

        CompletableFuture<String> failing = new CompletableFuture<>();
        StageAwaitable<String> b = StageAwaitable.of(withoutFuture(failing));
        IOException disk = new IOException("disk");
        failing.completeExceptionally(new ExecutionException(disk));
        assertSame(disk, b.exception());
    }

    @Test
    void aWrapperWithoutACauseIsTheFailureItself() {
        CompletionException bare = new CompletionException("no cause", null);
        StageAwaitable<String> done = StageAwaitable.of(CompletableFuture.failedFuture(bare));
        assertSame(bare, done.exception());
        CompletableFuture<String> f = new CompletableFuture<>();
        StageAwaitable<String> pending = StageAwaitable.of(f);
        ExecutionException bareExecution = new ExecutionException("no cause", null);
        f.completeExceptionally(bareExecution);
        assertSame(bareExecution, pending.exception());
    }
}
