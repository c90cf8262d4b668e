package dev.weft.it.structured;

import dev.weft.AsCompleted;
import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Done;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Wait;
import dev.weft.WaitMode;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.structured.Fx.failer;
import static dev.weft.it.structured.Fx.log;
import static dev.weft.it.structured.Fx.ms;
import static dev.weft.it.structured.Fx.now;
import static dev.weft.it.structured.Fx.run;
import static dev.weft.it.structured.Fx.sleeper;
import static org.junit.jupiter.api.Assertions.*;

/** waitAll (asyncio.wait) and asCompleted through woven code. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class WaitTest {

    static String names(List<Task<String>> tasks) {
        List<String> names = new ArrayList<>();
        for (Task<String> t : tasks) {
            names.add(t.name());
        }
        return String.join(",", names);
    }

    @Async
    static Coroutine<String> modes(List<String> log) {
        Task<String> a = Weft.spawn(sleeper("a", 30, "A", log), "a");
        Task<String> b = Weft.spawn(sleeper("b", 10, "B", log), "b");
        Task<String> c = Weft.spawn(failer("c", 20, new IllegalStateException("c"), log), "c");
        List<Task<String>> all = List.of(a, b, c);
        Done<Task<String>> first = await(Wait.waitAll(all, WaitMode.FIRST_COMPLETED));
        String s = now() + ": done " + names(first.done()) + " pending " + names(first.pending());
        Done<Task<String>> failed = await(Wait.waitAll(all, WaitMode.FIRST_EXCEPTION));
        s += " | " + now() + ": done " + names(failed.done()) + " pending " + names(failed.pending());
        Done<Task<String>> every = await(Wait.waitAll(all, WaitMode.ALL_COMPLETED));
        s += " | " + now() + ": done " + names(every.done()) + " pending " + names(every.pending());
        assertEquals("c", c.exception().getMessage());
        return Coroutine.of(s);
    }

    @Test
    void theThreeModes() {
        assertEquals("10: done b pending a,c | 20: done b,c pending a | 30: done b,c,a pending ", run(modes(new ArrayList<>())));
    }

    @Async
    static Coroutine<String> withTimeout(List<String> log) {
        Task<String> a = Weft.spawn(sleeper("a", 30, "A", log), "a");
        Task<String> b = Weft.spawn(sleeper("b", 5, "B", log), "b");
        Done<Task<String>> d = await(Wait.waitAll(List.of(a, b), WaitMode.ALL_COMPLETED, ms(10)));
        String s = now() + ": done " + names(d.done()) + " pending " + names(d.pending()) + ", a cancelled=" + a.isCancelled();
        // the timer was cancelled when the wait ended first: no late wake-up confuses a second wait
        Done<Task<String>> quick = await(Wait.waitAll(List.of(a), WaitMode.ALL_COMPLETED, ms(100)));
        return Coroutine.of(s + " | " + now() + ": done " + names(quick.done()));
    }

    @Test
    void aTimeoutReturnsWhatIsDoneAndCancelsNothing() {
        assertEquals("10: done b pending a, a cancelled=false | 30: done a", run(withTimeout(new ArrayList<>())));
    }

    @Async
    static Coroutine<String> cancelledCountsNotAsAnException(List<String> log) {
        Task<String> a = Weft.spawn(sleeper("a", 100, "A", log), "a");
        Task<String> b = Weft.spawn(sleeper("b", 20, "B", log), "b");
        Weft.spawn(cancelAfter(a, 5));
        Done<Task<String>> d = await(Wait.waitAll(List.of(a, b), WaitMode.FIRST_EXCEPTION));
        return Coroutine.of(now() + ": done " + names(d.done()));
    }

    @Async
    static Coroutine<Void> cancelAfter(Task<?> t, long n) {
        await(Weft.sleep(ms(n)));
        t.cancel();
        return Coroutine.done();
    }

    @Test
    void aCancellationIsNotAnExceptionForFirstException() {
        assertEquals("20: done a,b", run(cancelledCountsNotAsAnException(new ArrayList<>())));
    }

    @Async
    static Coroutine<String> promisesAndEmpty() {
        Promise<String> p = new Promise<>();
        Promise<String> q = new Promise<>();
        q.complete("already");
        Done<Promise<String>> d = await(Wait.waitAll(List.of(p, q), WaitMode.FIRST_COMPLETED));
        String empty;
        try {
            await(Wait.waitAll(List.<Promise<String>>of(), WaitMode.ALL_COMPLETED));
            empty = "waited for nothing";
        } catch (IllegalArgumentException e) {
            empty = e.getMessage();
        }
        return Coroutine.of(d.done().get(0).result() + " " + d.pending().size() + " / " + empty);
    }

    /** Like asyncio (ValueError), waiting for an empty collection is refused: it is almost certainly a mistake. */
    @Test
    void somethingAlreadyDoneSatisfiesAtOnceAndNothingToWaitForIsRefused() {
        assertEquals("already 1 / waitAll was given no awaitables to wait for", run(promisesAndEmpty()));
    }

    @Test
    void coroutinesAreRefusedBecauseTheDoneSetsHandBackWhatWasGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Wait.waitAll(List.of(sleeper("x", 1, "x", new ArrayList<>())), WaitMode.ALL_COMPLETED));
        assertTrue(e.getMessage().contains("spawn them"), e.getMessage());
    }

    @Async
    static Coroutine<String> waiter(List<Task<String>> tasks) {
        try {
            await(Wait.waitAll(tasks, WaitMode.ALL_COMPLETED));
            return Coroutine.of("finished");
        } catch (CancelledException e) {
            return Coroutine.of("cancelled; tasks still running: " + !tasks.get(0).isDone());
        }
    }

    @Async
    static Coroutine<String> cancelTheWaiter() {
        List<Task<String>> tasks = List.of(Weft.spawn(sleeper("t", 100, "t", new ArrayList<>())));
        Task<String> w = Weft.spawn(waiter(tasks));
        await(Weft.sleep(ms(5)));
        w.cancel();
        String s = await(w);
        tasks.get(0).cancel();
        return Coroutine.of(s);
    }

    @Test
    void cancellingTheWaiterLeavesWhatItWaitedForAlone() {
        assertEquals("cancelled; tasks still running: true", run(cancelTheWaiter()));
    }

    // ------------------------------------------------------------------ asCompleted

    @Async
    static Coroutine<String> completionOrder(List<String> log) {
        List<Coroutine<String>> work = List.of(sleeper("a", 30, "A", log), failer("b", 20, new IllegalStateException("B!"), log),
                sleeper("c", 10, "C", log));
        StringBuilder s = new StringBuilder();
        for (Awaitable<String> next : AsCompleted.asCompleted(work)) {
            try {
                s.append(await(next)).append('@').append(now()).append(' ');
            } catch (IllegalStateException e) {
                s.append(e.getMessage()).append('@').append(now()).append(' ');
            }
        }
        return Coroutine.of(s.toString().trim());
    }

    @Test
    void asCompletedGivesOutcomesInCompletionOrder() {
        assertEquals("C@10 B!@20 A@30", run(completionOrder(new ArrayList<>())));
    }

    @Async
    static Coroutine<String> consumer(List<Awaitable<String>> results) {
        return Coroutine.of(await(results.get(0)));
    }

    @Async
    static Coroutine<String> anOutcomeIsNotLostWhenTheConsumerIsCancelled() {
        List<Awaitable<String>> results = AsCompleted.asCompleted(List.of(sleeper("x", 10, "X", new ArrayList<>())));
        Task<String> c = Weft.spawn(consumer(results));
        await(Weft.sleep(ms(5)));
        c.cancel();
        try {
            await(c);
        } catch (CancelledException expected) {
            // the consumer stopped; the result is still coming
        }
        return Coroutine.of(await(results.get(0)) + "@" + now());
    }

    @Test
    void theResultsAreNotCancelledWithTheirConsumer() {
        assertEquals("X@10", run(anOutcomeIsNotLostWhenTheConsumerIsCancelled()));
    }
}
