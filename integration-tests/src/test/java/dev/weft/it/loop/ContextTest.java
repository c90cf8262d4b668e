package dev.weft.it.loop;

import dev.weft.Async;
import dev.weft.Context;
import dev.weft.ContextVar;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * dev.weft.Context through woven code: tasks spawned in a given context, Context.run inside a task, the refusal
 * to enter a context twice (the task's own, nested, from another thread), and what stays where.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextTest {
    static final ContextVar<String> USER = new ContextVar<>("user");
    static final ContextVar<Integer> HITS = new ContextVar<>("hits", 0);

    @Async
    static Coroutine<String> visit(String name) {
        String before = USER.get("nobody");
        USER.set(name);
        HITS.set(HITS.get() + 1);
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(before + "->" + USER.get());
    }

    @Async
    static Coroutine<List<String>> sharedContext() {
        List<String> log = new ArrayList<>();
        USER.set("main");
        Context shared = Context.copyCurrent();
        Task<String> a = Weft.spawn(visit("a"), "a", shared);
        assertSame(shared, a.context(), "runs in the given context, not in a copy");
        log.add(await(a));
        Task<String> b = Weft.spawn(visit("b"), "b", shared);   // sees what a left in the shared context
        log.add(await(b));
        log.add("shared: " + shared.get(USER) + ", hits " + shared.get(HITS));
        log.add("main still: " + USER.get() + ", hits " + HITS.get());
        Task<String> c = Weft.spawn(visit("c"));                // a copy of main's context, as always
        log.add(await(c));
        log.add("c's own: " + c.context().get(USER) + "; main: " + USER.get());
        return Coroutine.of(log);
    }

    @Test
    void tasksSpawnedInAContextRunInItAndWhatTheySetStaysThere() {
        assertEquals(List.of("main->a", "a->b", "shared: b, hits 2", "main still: main, hits 0", "main->c",
                "c's own: c; main: main"), Weft.run(sharedContext()));
    }

    @Async
    static Coroutine<String> readUser() {
        return Coroutine.of(USER.get("nobody"));
    }

    @Async
    static Coroutine<List<String>> runInsideATask() {
        List<String> log = new ArrayList<>();
        USER.set("task");
        Context other = new Context();
        Task<String> spawnedInside = other.run(() -> {
            USER.set("inside run");
            return Weft.spawn(readUser());                      // starts from a copy of the run's context
        });
        log.add("after run: " + USER.get() + "; other holds " + other.get(USER));
        log.add("spawned inside run saw: " + await(spawnedInside));
        ContextVar.Token<String> madeInside = other.run(() -> USER.set("again"));
        try {
            USER.reset(madeInside);
            log.add("reset accepted");
        } catch (IllegalArgumentException e) {
            log.add("token from inside run refused here");
        }
        other.run(() -> USER.reset(madeInside));                // but accepted where it was made
        log.add("other holds " + other.get(USER));
        return Coroutine.of(log);
    }

    @Test
    void contextRunInsideATaskKeepsItsChangesInThatContext() {
        assertEquals(List.of("after run: task; other holds inside run", "spawned inside run saw: inside run",
                "token from inside run refused here", "other holds inside run"), Weft.run(runInsideATask()));
    }

    @Async
    static Coroutine<List<String>> enteringTwice() {
        List<String> log = new ArrayList<>();
        Context own = Weft.currentTask().context();
        try {
            own.run(() -> { });
            log.add("entered own");
        } catch (IllegalStateException e) {
            log.add("own: " + e.getMessage().contains("already entered"));
        }
        Context other = new Context();
        other.run(() -> {
            try {
                own.run(() -> { });                             // still entered, below `other`
                log.add("entered own through other");
            } catch (IllegalStateException e) {
                log.add("own through other: refused");
            }
            try {
                other.run(() -> { });
                log.add("entered other twice");
            } catch (IllegalStateException e) {
                log.add("other twice: refused");
            }
        });
        other.run(() -> log.add("other again after its run ended"));
        await(Weft.sleep(Duration.ZERO));
        try {
            own.run(() -> { });
        } catch (IllegalStateException e) {
            log.add("own after an await: refused");
        }
        return Coroutine.of(log);
    }

    @Test
    void aContextAlreadyEnteredIsRefusedTheTasksOwnIncluded() {
        assertEquals(List.of("own: true", "own through other: refused", "other twice: refused",
                "other again after its run ended", "own after an await: refused"), Weft.run(enteringTwice()));
    }

    @Test
    void aContextEnteredOnAnotherThreadIsRefusedUntilThatRunEnds() throws Exception {
        Context ctx = new Context();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> ctx.run(() -> {
            USER.set("holder");
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> ctx.run(() -> { }));
        release.countDown();
        holder.join(10_000);
        assertEquals("holder", ctx.run(() -> USER.get()));
        assertNull(USER.get(null), "this thread's own context is untouched");
    }

    @Async
    static Coroutine<String> toThreadWorksInACopy() {
        USER.set("caller");
        String seen = await(Weft.toThread(() -> {
            String s = USER.get();
            USER.set("worker");
            return s;
        }));
        return Coroutine.of(seen + ", then " + USER.get());
    }

    @Test
    void blockingWorkRunsInACopyOfTheCallersContext() {
        assertEquals("caller, then caller", Weft.run(toThreadWorksInACopy()));
    }

    @Async
    static Coroutine<String> nothing() {
        return Coroutine.of("");
    }

    @Async
    static Coroutine<String> eachTaskHasItsOwnContext() {
        Task<String> a = Weft.spawn(nothing());
        Task<String> b = Weft.spawn(nothing());
        await(a);
        await(b);
        assertNotSame(a.context(), b.context());
        assertSame(a.context(), a.context());
        assertEquals(0, a.context().size());
        USER.set("x");
        Task<String> c = Weft.spawn(nothing());
        assertNotSame(Weft.currentTask().context(), c.context(), "a copy");
        assertEquals("x", c.context().get(USER));
        USER.set("y");
        return Coroutine.of(c.context().get(USER) + " " + Weft.currentTask().context().toString());
    }

    @Test
    void everyTaskHasAContextOfItsOwnMadeWhenFirstNeeded() {
        assertEquals("x Context[user=y]", Weft.run(eachTaskHasItsOwnContext()));
    }
}
