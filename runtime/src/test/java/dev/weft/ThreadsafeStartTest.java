package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Weft#runCoroutineThreadsafe} ({@link ThreadsafeStart}): the future gives the task's value; cancelling
 * the future after the task started cancels the task; and a loop that refuses the start fails the future with
 * {@link LoopClosedException}, closing the coroutine only if it had not started (one that already runs elsewhere is
 * left to its owner).
 */
class ThreadsafeStartTest {
    @Test
    void theFutureGivesTheValueAndCancellingItCancelsTheStartedTask() throws Exception {
        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            Promise<Object> p = new Promise<>();
            CompletableFuture<Object> value = Weft.runCoroutineThreadsafe(script("value", 1, (f, v, e) -> "v"), loop);
            CompletableFuture<Object> cancelled = Weft.runCoroutineThreadsafe(
                    script("waits", 1, (f, v, e) -> await(p), (f, v, e) -> {
                        throw dev.weft.internal.Outcomes.sneakyThrow(e);
                    }), loop);
            loop.runUntilIdle();
            assertEquals("v", value.get(1, TimeUnit.SECONDS));
            List<Task<?>> running = runningTasks(loop);
            assertEquals(1, running.size());
            assertTrue(cancelled.cancel(false));
            loop.runUntilIdle();
            assertTrue(running.get(0).isCancelled());
            assertTrue(p.isCancelled(), "what the task awaited is cancelled with it");
            assertThrows(CancellationException.class, cancelled::join);
        }
    }

    private static List<Task<?>> runningTasks(EventLoop loop) {
        List<Task<?>>[] all = new List[1];
        loop.callSoonThreadsafe(() -> all[0] = loop.allTasks());
        loop.runUntilIdle();
        return all[0];
    }

    @Test
    void aClosedLoopClosesOnlyACoroutineThatHadNotStarted() throws Exception {
        EventLoop closed = new EventLoop();
        closed.close();
        Coroutine<Object> fresh = script("fresh", 1, (f, v, e) -> "ran");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> Weft.runCoroutineThreadsafe(fresh, closed).get(1, TimeUnit.SECONDS));
        assertInstanceOf(LoopClosedException.class, refused.getCause());
        assertEquals(Coroutine.State.CLOSED, fresh.state());

        try (EventLoop loop = new EventLoop(ManualClock.create())) {
            Promise<Object> p = new Promise<>();
            Coroutine<Object> busy = script("busy", 1, (f, v, e) -> await(p), (f, v, e) -> "busy " + v);
            Task<Object> owner = loop.createTask(busy);
            loop.runUntilIdle();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> Weft.runCoroutineThreadsafe(busy, closed).get(1, TimeUnit.SECONDS));
            assertInstanceOf(LoopClosedException.class, e.getCause());
            assertEquals(Coroutine.State.SUSPENDED, busy.state(), "a coroutine its owner runs is not closed");
            p.complete("done");
            loop.runUntilIdle();
            assertEquals("busy done", owner.result());
        }
    }

    /** A user's Coroutine whose close() throws: the refused start still fails the future, the close's failure kept. */
    @Test
    void aRefusedStartFailsTheFutureEvenWhenClosingTheCoroutineThrows() {
        EventLoop loop = new EventLoop();
        loop.close();
        Coroutine<Integer> stubborn = new Coroutine<>() {
            @Override
            public State state() {
                return State.CREATED;
            }

            @Override
            public void close() {
                throw new IllegalStateException("cannot close");
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public Integer result() {
                throw new IllegalStateException("not done");
            }

            @Override
            public Throwable exception() {
                throw new IllegalStateException("not done");
            }

            @Override
            public void whenDone(Runnable callback) {
            }
        };
        CompletableFuture<Integer> future = Weft.runCoroutineThreadsafe(stubborn, loop);
        assertTrue(future.isDone(), "never left pending");
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(LoopClosedException.class, e.getCause());
        assertEquals("cannot close", e.getCause().getSuppressed()[0].getMessage());
    }
}
