package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Weft#using} ({@link Using}): a null resource or body is refused at the call, naming which; the close
 * is awaited after the body whether each of them completes at once or suspends, and the body's value comes out
 * after it; a body failure comes out with a different close failure suppressed in it, and a close that fails with
 * the body's own failure gives that failure once, not suppressed in itself.
 */
class UsingTest {
    private final EventLoop loop = new EventLoop(ManualClock.create());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A resource whose close logs and returns what {@code closing} gives. */
    private static AsyncCloseable resource(List<String> log, Awaitable<Void> closing) {
        return () -> {
            log.add("close");
            return closing;
        };
    }

    @Test
    void aNullResourceOrBodyIsRefusedNamingWhich() {
        AsyncCloseable r = () -> Promise.failedWith(new AssertionError("not closed"));
        assertEquals("resource", assertThrows(NullPointerException.class,
                () -> Weft.using(null, x -> Coroutine.of(1))).getMessage());
        assertEquals("body", assertThrows(NullPointerException.class, () -> Weft.using(r, null)).getMessage());
    }

    @Test
    void aBodyAndACloseThatCompleteAtOnceGiveTheValueWithoutSuspending() {
        List<String> log = new ArrayList<>();
        Promise<Void> closed = new Promise<>();
        closed.complete(null);
        Task<String> t = loop.createTask(Weft.using(resource(log, closed), r -> Coroutine.of("value")));
        loop.runUntilIdle();
        assertEquals("value", t.result());
        assertEquals(List.of("close"), log);
    }

    @Test
    void aBodyAndACloseThatSuspendAreEachAwaited() {
        List<String> log = new ArrayList<>();
        Promise<Object> work = new Promise<>();
        Promise<Void> closing = new Promise<>();
        Task<Object> t = loop.createTask(Weft.using(resource(log, closing),
                r -> script("body", 1, (f, v, e) -> await(work), (f, v, e) -> "got " + v)));
        loop.runUntilIdle();
        assertEquals(List.of(), log);
        work.complete("work");
        loop.runUntilIdle();
        assertEquals(List.of("close"), log);
        assertFalse(t.isDone(), "the close is awaited");
        closing.complete(null);
        loop.runUntilIdle();
        assertEquals("got work", t.result());
    }

    @Test
    void aCloseFailingWithTheBodysOwnFailureGivesItOnceNotSuppressedInItself() {
        IllegalStateException boom = new IllegalStateException("boom");
        Promise<Void> closing = new Promise<>();
        Task<Object> t = loop.createTask(Weft.using(resource(new ArrayList<>(), closing),
                r -> script("body", 1, (f, v, e) -> {
                    throw boom;
                })));
        loop.runUntilIdle();
        closing.fail(boom); // a close that passes on the failure that made it necessary
        loop.runUntilIdle();
        assertSame(boom, t.exception());
        assertEquals(0, boom.getSuppressed().length);
    }

    @Test
    void aDifferentCloseFailureIsSuppressedInTheBodysFailure() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException closeFailed = new IllegalStateException("close failed");
        Task<Object> t = loop.createTask(Weft.using(resource(new ArrayList<>(), Promise.failedWith(closeFailed)),
                r -> script("body", 1, (f, v, e) -> {
                    throw boom;
                })));
        loop.runUntilIdle();
        assertSame(boom, t.exception());
        assertArrayEquals(new Throwable[] {closeFailed}, boom.getSuppressed());
    }
}
