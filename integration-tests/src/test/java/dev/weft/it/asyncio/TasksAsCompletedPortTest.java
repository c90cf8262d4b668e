package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Done;
import dev.weft.Task;
import dev.weft.WaitMode;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.now;
import static dev.weft.it.asyncio.AsyncioPort.returning;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_tasks.py} (3.13), the tests of {@code as_completed()}, ported to
 * {@link Weft#asCompleted}; the tests of {@code wait()} are in {@link TasksWaitPortTest}. Times are virtual.
 *
 * <p>Not ported:
 * <ul>
 *   <li>test_as_completed_invalid_args: a future or coroutine where a collection is expected is a compile error in
 *       Java;</li>
 *   <li>test_as_completed_with_timeout, test_as_completed_with_unused_timeout: Weft's asCompleted has no timeout
 *       parameter;</li>
 *   <li>test_as_completed_same_tasks_in_as_out: about the async-iterator form of as_completed (Python 3.13), which
 *       hands back the inputs themselves; Weft's asCompleted is the plain form (one new awaitable per input);</li>
 *   <li>the {@code async for} halves of the as_completed tests (no async iteration in Java).</li>
 * </ul>
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TasksAsCompletedPortTest {

    // ------------------------------------------------------------------ as_completed

    @Async
    static Coroutine<String> sleeper(long dt, String x) {
        await(Weft.sleep(ms(dt)));
        return Coroutine.of(x);
    }

    @Async
    static Coroutine<List<String>> tryIterator(List<Coroutine<String>> awaitables) {
        List<String> values = new ArrayList<>();
        for (Awaitable<String> f : Weft.asCompleted(awaitables)) {
            values.add(await(f));
        }
        values.add("@" + now());
        return Coroutine.of(values);
    }

    /** test_as_completed: the outcomes in the order they finish. */
    @Test
    void testAsCompleted() {
        List<String> res = run(tryIterator(List.of(sleeper(10, "b"), sleeper(150, "c"), sleeper(10, "a"))));
        assertTrue(res.subList(0, 2).containsAll(List.of("a", "b")), res.toString());
        assertEquals("c", res.get(2));
        assertEquals("@150", res.get(3));
    }

    @Async
    static Coroutine<List<Integer>> resumeIterator() {
        List<Awaitable<Integer>> iterator = Weft.asCompleted(List.of(returning(0), returning(1), returning(2), returning(3)));
        List<Integer> collected = new ArrayList<>();
        int iterations = 0;
        for (Awaitable<Integer> f : iterator) {
            collected.add(await(f));
            iterations++;
            if (iterations == 2) {
                break;
            }
        }
        assertEquals(2, collected.size());
        for (Awaitable<Integer> f : iterator.subList(2, iterator.size())) { // resume where we stopped
            collected.add(await(f));
        }
        return Coroutine.of(collected);
    }

    /** test_as_completed_resume_iterator: stopping half-way and going on later loses nothing. */
    @Test
    void testAsCompletedResumeIterator() {
        List<Integer> results = run(resumeIterator());
        assertEquals(Set.of(0, 1, 2, 3), new HashSet<>(results));
        assertEquals(4, results.size());
    }

    @Async
    static Coroutine<Void> reverseWait() {
        List<Awaitable<String>> futs = Weft.asCompleted(List.of(sleeper(50, "a"), sleeper(100, "b")));
        assertEquals(2, futs.size());
        String x = await(futs.get(1));
        assertEquals("b", x, "the second result is the second to finish");
        assertEquals(100L, now());
        String y = await(futs.get(0));
        assertEquals("a", y, "the first result kept the first to finish");
        assertEquals(100L, now());
        return Coroutine.done();
    }

    /**
     * test_as_completed_reverse_wait. Deliberate difference: asyncio's k-th awaitable gives whichever outcome is next
     * when it is awaited, so awaiting the second one first gives the first to finish; Weft's k-th result is the k-th
     * input to finish (AsCompleted's javadoc), whatever order they are awaited in.
     */
    @Test
    void testAsCompletedReverseWait() {
        run(reverseWait());
    }

    @Async
    static Coroutine<Void> asCompletedConcurrent() {
        List<Awaitable<String>> futs = Weft.asCompleted(List.of(sleeper(50, "a"), sleeper(50, "b")));
        assertEquals(2, futs.size());
        List<Task<String>> tasks = new ArrayList<>();
        for (Awaitable<String> fut : futs) {
            tasks.add(Weft.spawn(AsyncioPort.awaiting(fut)));
        }
        Done<Task<String>> d = await(Weft.waitAll(tasks, WaitMode.ALL_COMPLETED));
        assertEquals(Set.of("a", "b"), d.done().stream().map(Task::result).collect(Collectors.toSet()));
        return Coroutine.done();
    }

    /** test_as_completed_concurrent: the results may be awaited concurrently. */
    @Test
    void testAsCompletedConcurrent() {
        run(asCompletedConcurrent());
    }

    @Async
    static Coroutine<Throwable> duplicateCoroutines() {
        Coroutine<String> c = returning("ham");
        try {
            Weft.asCompleted(List.of(c, c, returning("spam")));
            return Coroutine.of(null);
        } catch (IllegalStateException e) {
            return Coroutine.of(e);
        }
    }

    /**
     * test_as_completed_duplicate_coroutines. Deliberate difference: asyncio runs a coroutine given twice once;
     * in Weft a coroutine is one execution and running it twice is refused (README, The model).
     */
    @Test
    void testAsCompletedDuplicateCoroutines() {
        assertInstanceOf(IllegalStateException.class, run(duplicateCoroutines()));
    }

    /** test_as_completed_coroutine_without_loop: coroutines need a running loop to be spawned on. */
    @Test
    void testAsCompletedCoroutineWithoutLoop() {
        Coroutine<Integer> a = returning(42);
        assertThrows(IllegalStateException.class, () -> Weft.asCompleted(List.of(a)));
        a.close();
    }

    @Async
    static Coroutine<Integer> useRunningLoop() {
        List<Awaitable<Integer>> futs = Weft.asCompleted(List.of(returning(42)));
        assertEquals(1, futs.size());
        return Coroutine.of(await(futs.get(0)));
    }

    /** test_as_completed_coroutine_use_running_loop: on the running loop. */
    @Test
    void testAsCompletedCoroutineUseRunningLoop() {
        assertEquals(42, run(useRunningLoop()));
    }
}
