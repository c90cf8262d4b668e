package dev.weft.it.structured;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.ExceptionGroup;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Timeout;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.structured.Fx.cancelling;
import static dev.weft.it.structured.Fx.log;
import static dev.weft.it.structured.Fx.ms;
import static dev.weft.it.structured.Fx.now;
import static dev.weft.it.structured.Fx.run;
import static dev.weft.it.structured.Fx.sleeper;
import static dev.weft.it.structured.Fx.slowCleanup;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Timeouts with the other combinators, through woven code: {@code waitFor} of a coroutine, a task and a promise
 * (each cancelled at the deadline, the timeout raised after its cleanup), a timeout around a task group (its
 * children cancelled, the timeout raised after their cleanup), and timeout, task group, gather and shield
 * together in debug mode, which must report nothing. The basic expiry rules are in {@link TimeoutTest}.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutCombinatorsTest {

    // ------------------------------------------------------------------ waitFor

    @Async
    static Coroutine<String> waitForCoroutine(List<String> log) {
        String fast = await(Timeout.waitFor(sleeper("fast", 5, "fast", log), ms(10)));
        try {
            await(Timeout.waitFor(slowCleanup("slow", 100, 4, log), ms(10)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of(fast + " then timeout, cancelling=" + cancelling());
        }
    }

    @Test
    void waitForACoroutine() {
        List<String> log = new ArrayList<>();
        assertEquals("fast then timeout, cancelling=0", run(waitForCoroutine(log)));
        assertEquals(List.of("fast done@5", "fast finally@5", "slow cleanup starts@15", "slow cleanup done@19",
                "timeout@19"), log);
    }

    @Async
    static Coroutine<String> waitForTask(List<String> log) {
        Task<String> t = Weft.spawn(slowCleanup("task", 100, 6, log));
        try {
            await(Timeout.waitFor(t, ms(10)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout, task done=" + t.isDone() + " cancelled=" + t.isCancelled());
            return Coroutine.of("cancelling=" + cancelling());
        }
    }

    @Test
    void waitForATaskCancelsItAndWaitsForItsCleanupBeforeRaising() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(waitForTask(log)));
        assertEquals(List.of("task cleanup starts@10", "task cleanup done@16", "timeout, task done=true cancelled=true@16"), log);
    }

    @Async
    static Coroutine<String> waitForPromise() {
        Promise<String> never = new Promise<>();
        Promise<String> soon = new Promise<>();
        Weft.spawn(complete(soon));
        String v = await(Timeout.waitFor(soon, ms(10)));
        try {
            await(Timeout.waitFor(never, ms(10)));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            return Coroutine.of(v + ", promise cancelled=" + never.isCancelled() + " at " + now());
        }
    }

    @Async
    static Coroutine<Void> complete(Promise<String> p) {
        await(Weft.sleep(ms(3)));
        p.complete("soon");
        return Coroutine.done();
    }

    @Test
    void waitForAPromiseCancelsItAtTheDeadline() {
        assertEquals("soon, promise cancelled=true at 13", run(waitForPromise()));
    }

    // ------------------------------------------------------------------ debug mode

    @Async
    static Coroutine<String> everythingAtOnce(List<String> log) {
        String s = "no timeout";
        try {
            await(Timeout.timeout(ms(10), TaskGroup.run(g -> groupBody(g, log))));
        } catch (TimeoutExpiredException e) {
            s = "timeout";
        }
        List<String> values = await(dev.weft.Gather.gather(sleeper("a", 1, "A", log), sleeper("b", 2, "B", log)));
        String w = await(Timeout.waitFor(dev.weft.Shield.shield(sleeper("c", 1, "C", log)), ms(5)));
        return Coroutine.of(s + " " + values + " " + w);
    }

    @Test
    void inDebugModeTheCombinatorsCauseNoReports() {
        List<String> reports = new ArrayList<>();
        dev.weft.EventLoop loop = new dev.weft.EventLoop(dev.weft.ManualClock.autoAdvancing());
        loop.setDebug(true);
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
        assertEquals("timeout [A, B] C", Weft.run(everythingAtOnce(new ArrayList<>()), loop));
        System.gc();
        assertEquals(List.of(), reports);
    }

    // ------------------------------------------------------------------ with a task group inside

    @Async
    static Coroutine<Void> groupBody(TaskGroup g, List<String> log) {
        g.spawn(slowCleanup("c1", 100, 5, log));
        g.spawn(slowCleanup("c2", 100, 8, log));
        await(Weft.sleep(ms(100)));
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> groupInTimeout(List<String> log) {
        try {
            await(Timeout.timeout(ms(10), TaskGroup.run(g -> groupBody(g, log))));
            return Coroutine.of("no timeout");
        } catch (TimeoutExpiredException e) {
            log(log, "timeout");
            return Coroutine.of("cancelling=" + cancelling());
        } catch (ExceptionGroup e) {
            return Coroutine.of("unexpected " + e.exceptions());
        }
    }

    @Test
    void aTimeoutAroundATaskGroupCancelsItsChildrenAndRaisesAfterTheirCleanup() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelling=0", run(groupInTimeout(log)));
        assertEquals(List.of("c1 cleanup starts@10", "c2 cleanup starts@10", "c1 cleanup done@15", "c2 cleanup done@18",
                "timeout@18"), log);
    }
}
