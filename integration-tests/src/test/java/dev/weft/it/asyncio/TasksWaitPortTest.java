package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Done;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.WaitMode;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.outcome;
import static dev.weft.it.asyncio.AsyncioPort.raiseAfter;
import static dev.weft.it.asyncio.AsyncioPort.returning;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static dev.weft.it.asyncio.AsyncioPort.sleep;
import static dev.weft.it.asyncio.AsyncioPort.virtualLoop;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), the tests of {@code wait()}, ported to
 * {@link Weft#waitAll}; the tests of {@code as_completed()} are in {@link TasksAsCompletedPortTest}. asyncio's
 * {@code (done, pending)} sets are {@link Done}'s lists, compared as sets. Times are virtual.
 *
 * <p>Not ported: test_wait_invalid_args: a future or coroutine where a collection is expected is a compile error in
 * Java, as is test_wait_errors' invalid {@code return_when}.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksWaitPortTest {

    static <A extends Awaitable<?>> Set<A> set(List<A> list) {
        return new HashSet<>(list);
    }

    // ------------------------------------------------------------------ wait

    @Async
    static Coroutine<Integer> foo(Task<Void> a, Task<Void> b) {
        Done<Task<Void>> d = await(Weft.waitAll(List.of(b, a), WaitMode.ALL_COMPLETED));
        assertEquals(Set.of(a, b), set(d.done()));
        assertEquals(Set.of(), set(d.pending()));
        return Coroutine.of(42);
    }

    /** test_wait: waits for all; a second wait on done tasks takes no time. */
    @Test
    void testWait() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(100, null));
            Task<Void> b = loop.createTask(sleep(150, null));
            Task<Integer> first = loop.createTask(foo(a, b));
            loop.runUntilComplete(first);
            assertEquals(42, first.result());
            assertEquals(ms(150).toNanos(), loop.nanoTime());
            Task<Integer> again = loop.createTask(foo(a, b));
            loop.runUntilComplete(again);
            assertEquals(42, again.result());
            assertEquals(ms(150).toNanos(), loop.nanoTime());
        }
    }

    @Async
    static Coroutine<Void> waitDuplicate() {
        Task<String> c = Weft.spawn(returning("test"));
        Done<Task<String>> d = await(Weft.waitAll(List.of(c, c, Weft.spawn(returning("spam"))), WaitMode.ALL_COMPLETED));
        assertTrue(d.pending().isEmpty());
        assertEquals(Set.of("test", "spam"), d.done().stream().map(Task::result).collect(Collectors.toSet()));
        return Coroutine.done();
    }

    /** test_wait_duplicate_coroutines: the same task twice is fine. (Weft's lists keep both entries; asyncio's sets one.) */
    @Test
    void testWaitDuplicateCoroutines() {
        run(waitDuplicate());
    }

    /**
     * test_wait_errors: waiting for nothing is refused (asyncio: ValueError). Like its refusal of coroutines, Weft
     * checks the arguments when waitAll is called, not when it is awaited.
     */
    @Test
    void testWaitErrors() {
        assertThrows(IllegalArgumentException.class, () -> Weft.waitAll(List.<Task<Void>>of(), WaitMode.ALL_COMPLETED));
    }

    /** test_wait_first_completed: returns at the first completion; the other task goes on. */
    @Test
    void testWaitFirstCompleted() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(10_000, null));
            Task<Void> b = loop.createTask(sleep(100, null));
            Task<Done<Task<Void>>> task = loop.createTask(Weft.waitAll(List.of(b, a), WaitMode.FIRST_COMPLETED));
            loop.runUntilComplete(task);
            Done<Task<Void>> d = task.result();
            assertEquals(List.of(b), d.done());
            assertEquals(List.of(a), d.pending());
            assertFalse(a.isDone());
            assertTrue(b.isDone());
            assertNull(b.result());
            assertEquals(ms(100).toNanos(), loop.nanoTime());
            loop.runUntilComplete(a);
        }
    }

    @Async
    static Coroutine<List<String>> reallyDone(Task<Void> a, Task<Void> b) {
        Done<Task<Void>> d = await(Weft.waitAll(List.of(b, a), WaitMode.FIRST_COMPLETED));
        List<String> seen = new ArrayList<>();
        for (Task<Void> x : d.done()) {
            seen.add((x == a ? "a" : "b") + " done=" + x.isDone());
        }
        for (Task<Void> x : d.pending()) {
            seen.add((x == a ? "a" : "b") + " pending, done=" + x.isDone());
        }
        return Coroutine.of(seen);
    }

    /**
     * test_wait_really_done: nothing reported pending is done, and what is reported done is. (asyncio's wake-up
     * takes more loop passes than Weft's, so there b has finished too by the time wait returns; here it has not,
     * and is correctly reported pending.)
     */
    @Test
    void testWaitReallyDone() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(AsyncioPort.yields(1));
            Task<Void> b = loop.createTask(AsyncioPort.yields(2));
            Task<List<String>> task = loop.createTask(reallyDone(a, b));
            loop.runUntilComplete(task);
            List<String> seen = task.result();
            assertTrue(seen.contains("a done=true"), seen.toString());
            assertFalse(seen.stream().anyMatch(x -> x.contains("pending, done=true")), seen.toString());
            loop.runUntilComplete(b);
            assertNull(a.result());
            assertNull(b.result());
        }
    }

    /** test_wait_first_exception: a task that already failed ends the wait at once. */
    @Test
    void testWaitFirstException() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(10_000, null));
            Task<Void> b = loop.createTask(raiseAfter(0, new ArithmeticException("err")));
            Task<Done<Task<Void>>> task = loop.createTask(Weft.waitAll(List.of(b, a), WaitMode.FIRST_EXCEPTION));
            loop.runUntilComplete(task);
            assertEquals(List.of(b), task.result().done());
            assertEquals(List.of(a), task.result().pending());
            assertEquals(0, loop.nanoTime());
            assertInstanceOf(ArithmeticException.class, b.exception());
        }
    }

    /** test_wait_first_exception_in_wait: a task failing during the wait ends it. */
    @Test
    void testWaitFirstExceptionInWait() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(10_000, null));
            Task<Void> b = loop.createTask(raiseAfter(10, new ArithmeticException("err")));
            Task<Done<Task<Void>>> task = loop.createTask(Weft.waitAll(List.of(b, a), WaitMode.FIRST_EXCEPTION));
            loop.runUntilComplete(task);
            assertEquals(List.of(b), task.result().done());
            assertEquals(List.of(a), task.result().pending());
            assertEquals(ms(10).toNanos(), loop.nanoTime());
            assertInstanceOf(ArithmeticException.class, b.exception());
        }
    }

    @Async
    static Coroutine<Void> fooWithException(Task<Void> a, Task<Void> b) {
        Done<Task<Void>> d = await(Weft.waitAll(List.of(b, a), WaitMode.ALL_COMPLETED));
        assertEquals(2, d.done().size());
        assertTrue(d.pending().isEmpty());
        assertEquals(1, d.done().stream().filter(f -> f.exception() != null).count());
        return Coroutine.done();
    }

    /** test_wait_with_exception: a failure is not an error of the wait; both are done. */
    @Test
    void testWaitWithException() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(100, null));
            Task<Void> b = loop.createTask(raiseAfter(150, new ArithmeticException("really")));
            Task<Void> first = loop.createTask(fooWithException(a, b));
            loop.runUntilComplete(first);
            first.result();
            assertEquals(ms(150).toNanos(), loop.nanoTime());
            Task<Void> again = loop.createTask(fooWithException(a, b));
            loop.runUntilComplete(again);
            again.result();
            assertEquals(ms(150).toNanos(), loop.nanoTime());
        }
    }

    @Async
    static Coroutine<Void> fooWithTimeout(Task<Void> a, Task<Void> b) {
        Done<Task<Void>> d = await(Weft.waitAll(List.of(b, a), WaitMode.ALL_COMPLETED, ms(110)));
        assertEquals(List.of(a), d.done());
        assertEquals(List.of(b), d.pending());
        return Coroutine.done();
    }

    /** test_wait_with_timeout: the timeout returns what is done so far. */
    @Test
    void testWaitWithTimeout() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(100, null));
            Task<Void> b = loop.createTask(sleep(150, null));
            Task<Void> t = loop.createTask(fooWithTimeout(a, b));
            loop.runUntilComplete(t);
            t.result();
            assertEquals(ms(110).toNanos(), loop.nanoTime());
            loop.runUntilComplete(b);
        }
    }

    /** test_wait_concurrent_complete: a task finishing exactly at the timeout counts as done. */
    @Test
    void testWaitConcurrentComplete() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(100, null));
            Task<Void> b = loop.createTask(sleep(150, null));
            Task<Done<Task<Void>>> task = loop.createTask(Weft.waitAll(List.of(b, a), WaitMode.ALL_COMPLETED, ms(100)));
            loop.runUntilComplete(task);
            assertEquals(List.of(a), task.result().done());
            assertEquals(List.of(b), task.result().pending());
            assertEquals(ms(100).toNanos(), loop.nanoTime());
        }
    }

    @Async
    static Coroutine<Integer> waitAnyCollection(Task<Void> a, Task<Void> b) {
        Done<Task<Void>> d = await(Weft.waitAll(new ArrayDeque<>(List.of(b, a)), WaitMode.ALL_COMPLETED));
        assertEquals(Set.of(a, b), set(d.done()));
        assertTrue(d.pending().isEmpty());
        return Coroutine.of(42);
    }

    /** test_wait_with_iterator_of_tasks: any collection of tasks (Java has no bare iterators here). */
    @Test
    void testWaitWithIteratorOfTasks() {
        try (EventLoop loop = virtualLoop()) {
            Task<Void> a = loop.createTask(sleep(100, null));
            Task<Void> b = loop.createTask(sleep(150, null));
            Task<Integer> t = loop.createTask(waitAnyCollection(a, b));
            loop.runUntilComplete(t);
            assertEquals(42, t.result());
            assertEquals(ms(150).toNanos(), loop.nanoTime());
        }
    }

    @Async
    static Coroutine<Void> waitGenerated() {
        Set<Task<Integer>> tasks = IntStream.range(0, 10).mapToObj(i -> Weft.spawn(returning(i)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Done<Task<Integer>> d = await(Weft.waitAll(tasks, WaitMode.ALL_COMPLETED));
        assertEquals(10, d.done().size());
        assertEquals(0, d.pending().size());
        return Coroutine.done();
    }

    /** test_wait_generator: tasks made by a generator (here a stream). */
    @Test
    void testWaitGenerator() {
        run(waitGenerated());
    }

    @Async
    static Coroutine<Void> innerAwaits(Promise<Void> waiter, int[] proof) {
        await(waiter);
        proof[0] += 1;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> outerWaits(Promise<Void> waiter, int[] proof) {
        await(Weft.waitAll(List.of(Weft.spawn(innerAwaits(waiter, proof))), WaitMode.ALL_COMPLETED));
        proof[0] += 100;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> yieldWaitDoesNotShieldCancel() {
        int[] proof = {0};
        Promise<Void> waiter = new Promise<>();
        Task<Void> f = Weft.spawn(outerWaits(waiter, proof));
        await(Weft.sleep(Duration.ZERO));
        f.cancel();
        assertEquals("cancelled", await(outcome(f)));
        waiter.complete(null);
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(proof[0]);
    }

    /** test_yield_wait_does_not_shield_cancel: cancelling the waiter ends the wait early; the awaited task runs on. */
    @Test
    void testYieldWaitDoesNotShieldCancel() {
        assertEquals(1, run(yieldWaitDoesNotShieldCancel()));
    }
}
