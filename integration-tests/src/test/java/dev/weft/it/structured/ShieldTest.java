package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Shield;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.structured.Fx.cancelling;
import static dev.weft.it.structured.Fx.failer;
import static dev.weft.it.structured.Fx.log;
import static dev.weft.it.structured.Fx.ms;
import static dev.weft.it.structured.Fx.run;
import static dev.weft.it.structured.Fx.sleeper;
import static org.junit.jupiter.api.Assertions.*;

/** shield through woven code. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ShieldTest {

    @Async
    static Coroutine<String> saver(Task<String> work, List<String> log) {
        try {
            return Coroutine.of(await(Shield.shield(work)));
        } catch (CancelledException e) {
            log(log, "awaiter cancelled, work done=" + work.isDone());
            throw e;
        }
    }

    @Async
    static Coroutine<String> cancelTheAwaiter(List<String> log) {
        Task<String> work = Weft.spawn(sleeper("work", 20, "saved", log));
        Task<String> awaiter = Weft.spawn(saver(work, log));
        await(Weft.sleep(ms(5)));
        awaiter.cancel();
        try {
            await(awaiter);
        } catch (CancelledException expected) {
            log(log, "awaiter is cancelled");
        }
        String v = await(work);
        return Coroutine.of(v);
    }

    @Test
    void cancellingTheAwaiterDoesNotCancelTheShieldedWork() {
        List<String> log = new ArrayList<>();
        assertEquals("saved", run(cancelTheAwaiter(log)));
        assertEquals(List.of("awaiter cancelled, work done=false@5", "awaiter is cancelled@5", "work done@20",
                "work finally@20"), log);
    }

    @Async
    static Coroutine<String> shieldedCoroutine(List<String> log) {
        Awaitable<String> shielded = Shield.shield(sleeper("inner", 10, "value", log));
        return Coroutine.of(await(shielded));
    }

    @Test
    void aShieldedCoroutineRunsAsATaskAndGivesItsValue() {
        List<String> log = new ArrayList<>();
        assertEquals("value", run(shieldedCoroutine(log)));
        assertEquals(List.of("inner done@10", "inner finally@10"), log);
    }

    @Async
    static Coroutine<String> innerCancelled(List<String> log) {
        Task<String> work = Weft.spawn(sleeper("work", 20, "x", log));
        Weft.spawn(cancelAfter(work, 3));
        try {
            await(Shield.shield(work));
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            return Coroutine.of("inner cancelled reaches the awaiter, cancelling=" + cancelling());
        }
    }

    @Async
    static Coroutine<Void> cancelAfter(Task<?> t, long n) {
        await(Weft.sleep(ms(n)));
        t.cancel();
        return Coroutine.done();
    }

    @Test
    void ifTheInnerWorkIsCancelledTheAwaiterIsToo() {
        assertEquals("inner cancelled reaches the awaiter, cancelling=0", run(innerCancelled(new ArrayList<>())));
    }

    @Async
    static Coroutine<String> shieldInTimeout(List<String> log) {
        Task<String> work = Weft.spawn(sleeper("work", 30, "late", log));
        try {
            await(Timeout.timeout(ms(10), saver(work, log)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of(await(work));
        }
    }

    @Test
    void aTimeoutCancelsTheAwaiterButNotTheShieldedWork() {
        List<String> log = new ArrayList<>();
        assertEquals("late", run(shieldInTimeout(log)));
        assertEquals(List.of("awaiter cancelled, work done=false@10", "timeout@10", "work done@30", "work finally@30"), log);
    }

    @Async
    static Coroutine<String> lostFailure() {
        Task<String> awaiter = Weft.spawn(shieldAndWait());
        await(Weft.sleep(ms(2)));
        awaiter.cancel();
        try {
            await(awaiter);
        } catch (CancelledException expected) {
            // the shielded task goes on and fails at 5, after its awaiter left
        }
        await(Weft.sleep(ms(10)));
        return Coroutine.of("ok");
    }

    @Async
    static Coroutine<String> shieldAndWait() {
        return Coroutine.of(await(Shield.shield(failer("inner", 5, new IllegalStateException("lost?"), new ArrayList<>()))));
    }

    @Test
    void aFailureOfShieldedWorkNobodyAwaitsAnyMoreIsReportedToTheLoop() {
        List<String> reports = new ArrayList<>();
        EventLoop loop = new EventLoop(ManualClock.autoAdvancing());
        loop.setExceptionHandler((l, message, e) -> reports.add(message + ": " + e.getMessage()));
        assertEquals("ok", Weft.run(lostFailure(), loop));
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("failed after its awaiter was cancelled: lost?"), reports.get(0));
    }
}
