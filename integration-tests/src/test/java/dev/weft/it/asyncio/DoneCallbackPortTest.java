package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.sleep0;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's Lib/test/test_asyncio/test_futures.py, class BaseFutureDoneCallbackTests, on {@link Promise} (asyncio's
 * Future) and, since Weft's Task has its own callbacks, on {@link Task} too. {@code run_briefly} is a
 * {@code sleep(0)} of the main task.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DoneCallbackPortTest {

    /** _make_callback: a callback that appends {@code thing} to {@code bag}. */
    static <F> Consumer<F> bagAppender(List<Object> bag, Object thing) {
        return f -> bag.add(thing);
    }

    @Async
    static Coroutine<Void> callbacksInvokedOnSetResult() {
        List<Object> bag = new ArrayList<>();
        Promise<String> f = new Promise<>();
        f.addDoneCallback(bagAppender(bag, 42));
        f.addDoneCallback(bagAppender(bag, 17));
        assertEquals(List.of(), bag);
        f.complete("foo");
        await(sleep0());
        assertEquals(List.of(42, 17), bag);
        assertEquals("foo", f.result());
        return Coroutine.done();
    }

    @Test
    void test_callbacks_invoked_on_set_result() {
        Weft.run(callbacksInvokedOnSetResult());
    }

    @Async
    static Coroutine<Void> callbacksInvokedOnSetException() {
        List<Object> bag = new ArrayList<>();
        Promise<String> f = new Promise<>();
        f.addDoneCallback(bagAppender(bag, 100));
        assertEquals(List.of(), bag);
        IllegalStateException exc = new IllegalStateException("RuntimeError");
        f.fail(exc);
        await(sleep0());
        assertEquals(List.of(100), bag);
        assertSame(exc, f.exception());
        return Coroutine.done();
    }

    @Test
    void test_callbacks_invoked_on_set_exception() {
        Weft.run(callbacksInvokedOnSetException());
    }

    @Async
    static Coroutine<Void> removeDoneCallbackOfAPromise() {
        List<Object> bag = new ArrayList<>();
        Promise<String> f = new Promise<>();
        Consumer<Promise<String>> cb1 = bagAppender(bag, 1);
        Consumer<Promise<String>> cb2 = bagAppender(bag, 2);
        Consumer<Promise<String>> cb3 = bagAppender(bag, 3);

        // add one cb1 and one cb2
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        // one instance of cb2 removed; now there's only one cb1
        assertEquals(1, f.removeDoneCallback(cb2));
        // never had any cb3 in there
        assertEquals(0, f.removeDoneCallback(cb3));
        // after this there will be 6 instances of cb1 and one of cb2
        f.addDoneCallback(cb2);
        for (int i = 0; i < 5; i++) {
            f.addDoneCallback(cb1);
        }
        // remove all instances of cb1; one cb2 remains
        assertEquals(6, f.removeDoneCallback(cb1));

        assertEquals(List.of(), bag);
        f.complete("foo");
        await(sleep0());
        assertEquals(List.of(2), bag);
        assertEquals("foo", f.result());
        return Coroutine.done();
    }

    @Test
    void test_remove_done_callback() {
        Weft.run(removeDoneCallbackOfAPromise());
    }

    @Async
    static Coroutine<String> value() {
        await(sleep0());
        return Coroutine.of("foo");
    }

    @Async
    static Coroutine<Void> removeDoneCallbackOfATask() {
        List<Object> bag = new ArrayList<>();
        Task<String> f = Weft.spawn(value());
        Consumer<Task<String>> cb1 = bagAppender(bag, 1);
        Consumer<Task<String>> cb2 = bagAppender(bag, 2);
        Consumer<Task<String>> cb3 = bagAppender(bag, 3);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        assertEquals(1, f.removeDoneCallback(cb2));
        assertEquals(0, f.removeDoneCallback(cb3));
        f.addDoneCallback(cb2);
        for (int i = 0; i < 5; i++) {
            f.addDoneCallback(cb1);
        }
        assertEquals(6, f.removeDoneCallback(cb1));
        assertEquals(List.of(), bag);
        assertEquals("foo", await(f));
        await(sleep0());
        assertEquals(List.of(2), bag);
        return Coroutine.done();
    }

    @Test
    void test_remove_done_callback_of_a_task() {
        Weft.run(removeDoneCallbackOfATask());
    }

    /** Python's evil object whose __eq__ removes other callbacks in the middle of the removal. */
    static final class Evil<F> implements Consumer<F> {
        final Runnable onCompare;

        Evil(Runnable onCompare) {
            this.onCompare = onCompare;
        }

        @Override
        public void accept(F f) {
        }

        @Override
        public boolean equals(Object other) {
            onCompare.run();
            return false;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @Async
    static Coroutine<Void> removeDoneCallbacksListMutation() {
        // see http://bugs.python.org/issue28963 for details
        Promise<String> fut = new Promise<>();
        Consumer<Promise<String>> str = x -> { };
        Consumer<Promise<String>> id = x -> { };
        fut.addDoneCallback(str);
        for (int i = 0; i < 63; i++) {
            fut.addDoneCallback(id);
        }
        assertEquals(0, fut.removeDoneCallback(new Evil<>(() -> fut.removeDoneCallback(id))));
        assertEquals(0, fut.removeDoneCallback(id), "the evil comparison removed them all");
        assertEquals(1, fut.removeDoneCallback(str));

        Task<String> task = Weft.spawn(value());
        Consumer<Task<String>> tstr = x -> { };
        Consumer<Task<String>> tid = x -> { };
        task.addDoneCallback(tstr);
        for (int i = 0; i < 63; i++) {
            task.addDoneCallback(tid);
        }
        assertEquals(0, task.removeDoneCallback(new Evil<>(() -> task.removeDoneCallback(tid))));
        assertEquals(0, task.removeDoneCallback(tid));
        assertEquals(1, task.removeDoneCallback(tstr));
        await(task);
        return Coroutine.done();
    }

    @Test
    void test_remove_done_callbacks_list_mutation() {
        Weft.run(removeDoneCallbacksListMutation());
    }

    @Async
    static Coroutine<Void> scheduleCallbacksListMutation() {
        // see http://bugs.python.org/issue28963 for details
        Promise<Integer> fut = new Promise<>();
        Consumer<Promise<Integer>> str = x -> { };
        int[] removedWhileRunning = {-1};
        fut.addDoneCallback(f -> removedWhileRunning[0] = f.removeDoneCallback(str));
        fut.addDoneCallback(str);
        fut.addDoneCallback(str);
        fut.complete(1);
        await(sleep0());
        assertEquals(0, removedWhileRunning[0], "once done, the callbacks are scheduled already");
        return Coroutine.done();
    }

    @Test
    void test_schedule_callbacks_list_mutation() {
        Weft.run(scheduleCallbacksListMutation());
    }
}
