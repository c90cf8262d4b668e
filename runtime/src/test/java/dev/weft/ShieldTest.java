package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Shield}'s ends after the awaiter gave up: of the tasks the shield spawned, only one that then fails
 * is reported to the loop (not one that succeeds or is cancelled); work it did not spawn is left running and, when
 * it cannot forget a registration (an awaitable without {@code removeWhenDone}, a task of another loop), its late
 * completion changes nothing.
 */
class ShieldTest extends ManualLoopTest {
    private final List<String> reports = new ArrayList<>();

    ShieldTest() {
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
    }

    /** An awaitable that cannot forget a callback (the default {@code removeWhenDone}). */
    static final class Plain implements Awaitable<String> {
        private final List<Runnable> callbacks = new ArrayList<>();
        private String value;

        void complete(String v) {
            value = v;
            callbacks.forEach(Runnable::run);
        }

        @Override
        public boolean isDone() {
            return value != null;
        }

        @Override
        public String result() {
            return value;
        }

        @Override
        public Throwable exception() {
            return null;
        }

        @Override
        public void whenDone(Runnable callback) {
            callbacks.add(callback);
        }
    }

    /** An awaiter of a shield over a coroutine that ends as {@code end} says once {@code go} completes. */
    private Task<Object> awaiterOfShielded(String name, Promise<Object> go) {
        Task<?>[] awaiter = new Task<?>[1];
        onLoop(() -> {
            Awaitable<Object> outer = Shield.shield(script(name, 1, (f, v, e) -> await(go), (f, v, e) -> {
                if ("fail".equals(v)) {
                    throw new IllegalStateException(name + " failed");
                }
                if ("cancel".equals(v)) {
                    throw new CancelledException(name + " gave up");
                }
                return v;
            }));
            awaiter[0] = loop.createTask(HandWoven.awaitOne(outer));
        });
        @SuppressWarnings("unchecked")
        Task<Object> t = (Task<Object>) awaiter[0];
        return t;
    }

    @Test
    void onlyASpawnedTaskThatFailsAfterItsAwaiterWasCancelledIsReported() {
        Promise<Object> ok = new Promise<>();
        Promise<Object> fails = new Promise<>();
        Promise<Object> cancelled = new Promise<>();
        List<Task<Object>> awaiters = List.of(awaiterOfShielded("succeeds", ok), awaiterOfShielded("fails", fails),
                awaiterOfShielded("isCancelled", cancelled));
        onLoop(() -> awaiters.forEach(Task::cancel));
        assertTrue(awaiters.stream().allMatch(Task::isCancelled), "each awaiter gets its cancellation at once");
        onLoop(() -> {
            ok.complete("ok");
            fails.complete("fail");
            cancelled.complete("cancel");
        });
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("shielded task ") && reports.get(0).endsWith(" failed after its awaiter was cancelled"),
                reports.get(0));
    }

    @Test
    void workThatCannotForgetTheShieldsCallbackCompletesLaterWithoutEffect() {
        Plain plain = new Plain();
        Task<?>[] awaiter = new Task<?>[1];
        Awaitable<?>[] outer = new Awaitable<?>[1];
        onLoop(() -> {
            outer[0] = Shield.shield(plain);
            awaiter[0] = loop.createTask(HandWoven.awaitOne(outer[0]));
        });
        onLoop(() -> awaiter[0].cancel("gave up"));
        assertTrue(awaiter[0].isCancelled());
        assertEquals(1, plain.callbacks.size(), "the shield's callback stays: it could not be removed");
        onLoop(() -> plain.complete("late"));
        assertEquals("gave up", outer[0].exception().getMessage(), "the outer awaitable stays cancelled");
        assertEquals(List.of(), reports);
    }

    @Test
    void aTaskOfAnotherLoopIsLeftRunningOnItsLoop() {
        try (EventLoop other = new EventLoop(ManualClock.create())) {
            Promise<Object> go = new Promise<>();
            Task<Object> elsewhere = other.createTask(script("elsewhere", 1, (f, v, e) -> await(go), (f, v, e) -> "v " + v));
            other.runUntilIdle();
            Task<?>[] awaiter = new Task<?>[1];
            Awaitable<?>[] outer = new Awaitable<?>[1];
            onLoop(() -> {
                outer[0] = Shield.shield(elsewhere);
                awaiter[0] = loop.createTask(HandWoven.awaitOne(outer[0]));
            });
            onLoop(() -> awaiter[0].cancel());
            assertTrue(awaiter[0].isCancelled());
            assertFalse(elsewhere.isDone());
            go.complete("done");
            other.runUntilIdle();
            assertEquals("v done", elsewhere.result());
            assertInstanceOf(CancelledException.class, outer[0].exception());
        }
    }
}
