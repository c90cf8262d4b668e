package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Context;
import dev.weft.ContextVar;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.ApiPort.ms;
import static dev.weft.it.asyncio.ApiPort.runVirtual;
import static dev.weft.it.asyncio.ApiPort.sleep0;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's Lib/test/test_asyncio/test_tasks.py, test_context_1 to test_context_6, ported to Weft's {@link Context}
 * and {@link ContextVar}: what tasks see of the context they were spawned in, and tasks run in a given context.
 * The tests of Context and ContextVar themselves (test_context.py) are in {@link ContextPortTest}, whose header
 * gives the mapping of Python's names.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextTasksPortTest {

    // ------------------------------------------------------------------ test_tasks.py: test_context_1 .. 6

    static final ContextVar<String> CVAR = new ContextVar<>("cvar", "nope");

    @Async
    static Coroutine<Void> sub1() {
        await(Weft.sleep(ms(10)));
        assertEquals("nope", CVAR.get());
        CVAR.set("something else");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main1() {
        assertEquals("nope", CVAR.get());
        Task<Void> subtask = Weft.spawn(sub1());
        CVAR.set("yes");
        assertEquals("yes", CVAR.get());
        await(subtask);
        assertEquals("yes", CVAR.get());
        return Coroutine.done();
    }

    @Test
    void test_context_1() {
        runVirtual(main1());
    }

    @Async
    static Coroutine<Void> main2() {
        assertEquals("nope", CVAR.get());
        for (int j = 0; j < 2; j++) {
            Promise<Void> fut = new Promise<>();
            // this change must not pollute the context of the main task (the callback runs in a copy)
            fut.addDoneCallback(f -> CVAR.set("something else"));
            CVAR.set("yes" + j);
            EventLoop.current().callSoon(() -> fut.complete(null));
            await(fut);
            assertEquals("yes" + j, CVAR.get());
            for (int i = 0; i < 3; i++) {
                // test that the task passed its context to addDoneCallback
                CVAR.set("yes" + i + "-" + j);
                await(Weft.sleep(ms(1)));
                assertEquals("yes" + i + "-" + j, CVAR.get());
            }
        }
        return Coroutine.done();
    }

    @Test
    void test_context_2() {
        runVirtual(main2());
        assertEquals("nope", CVAR.get());
    }

    static final ContextVar<Integer> COUNTER = new ContextVar<>("cvar", -1);

    @Async
    static Coroutine<Void> sub3(int num, Random random) {
        for (int i = 0; i < 10; i++) {
            COUNTER.set(num + i);
            await(Weft.sleep(ms(1 + random.nextInt(50))));
            assertEquals(num + i, COUNTER.get());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main3() {
        // run 100 tasks in parallel, each modifying the variable
        Random random = new Random(3);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tasks.add(EventLoop.current().createTask(sub3(random.nextInt(11), random)));
        }
        await(Weft.gather(tasks));
        return Coroutine.done();
    }

    @Test
    void test_context_3() {
        runVirtual(main3());
        assertEquals(-1, COUNTER.get());
    }

    static final ContextVar<Integer> CVAR4 = new ContextVar<>("cvar");

    @Async
    static Coroutine<Void> setAfterASleep(int val) {
        await(sleep0());
        CVAR4.set(val);
        return Coroutine.done();
    }

    /** test_context_4 to 6: create_task(coro, context=ctx), through Weft.spawn or through the loop. */
    @Async
    static Coroutine<List<Integer>> tasksInAGivenContext(boolean throughTheLoop) {
        List<Integer> ret = new ArrayList<>();
        Context ctx = Context.copyCurrent();
        ret.add(ctx.get(CVAR4));
        Task<Void> t1 = throughTheLoop ? EventLoop.current().createTask(setAfterASleep(1), null, ctx)
                : Weft.spawn(setAfterASleep(1), null, ctx);
        await(t1);
        ret.add(ctx.get(CVAR4));
        Task<Void> t2 = throughTheLoop ? EventLoop.current().createTask(setAfterASleep(2), null, ctx)
                : Weft.spawn(setAfterASleep(2), null, ctx);
        await(t2);
        ret.add(ctx.get(CVAR4));
        return Coroutine.of(ret);
    }

    @Test
    void test_context_4() {
        assertEquals(Arrays.asList(null, 1, 2), Weft.run(tasksInAGivenContext(false)));
    }

    @Test
    void test_context_5() {
        // asyncio.create_task(coro, context=ctx) and self.new_task(loop, coro, context=ctx) are one method here
        assertEquals(Arrays.asList(null, 1, 2), Weft.run(tasksInAGivenContext(false)));
    }

    @Test
    void test_context_6() {
        assertEquals(Arrays.asList(null, 1, 2), Weft.run(tasksInAGivenContext(true)));
    }
}
