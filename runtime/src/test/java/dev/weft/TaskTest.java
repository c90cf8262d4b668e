package dev.weft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins parts of {@link Task}'s contract that only its own loop's machinery reaches: an eager task made while no
 * thread runs its loop starts on the loop's next pass, not inside the call; a pending task's outcome cannot be read;
 * {@code uncancel()} with no request left stays at zero; a request given back with {@code redeliverCancel} is
 * delivered at the task's next await (with no message of its own), while a task with no request, or a done one, is not
 * touched; abandoning a done task changes nothing; the failure nobody looked at is handed out once; and
 * {@code toString} names each state.
 */
class TaskTest extends ManualLoopTest {
    @Test
    void anEagerTaskMadeWhileNoThreadRunsTheLoopStartsOnItsNextPass() {
        List<String> ran = new ArrayList<>();
        Task<Object> t = loop.createTask(script("eager", 1, (f, v, e) -> ran.add("ran")), null, true);
        assertEquals(List.of(), ran);
        assertEquals("Task[Task-1, pending]", t.toString());
        loop.runUntilIdle();
        assertEquals(List.of("ran"), ran);
        assertEquals("Task[Task-1, result=true]", t.toString());
    }

    @Test
    void thePendingTaskHasNoOutcomeYetAndUncancelBelowZeroStaysAtZero() {
        Promise<Object> p = new Promise<>();
        Task<Object> t = loop.createTask(script("waiting", 1, (f, v, e) -> await(p), (f, v, e) -> v), "w");
        loop.runUntilIdle();
        assertEquals("task w is not done", assertThrows(IllegalStateException.class, t::result).getMessage());
        assertThrows(IllegalStateException.class, t::exception);
        assertEquals("Task[w, waiting on " + p + "]", t.toString());
        assertNull(t.unretrievedFailure());
        assertEquals(0, t.uncancel());
        assertEquals(0, t.cancelling());
        onLoop(() -> p.complete("v"));
        assertEquals("v", t.result(), "an uncancel without a request took nothing away");
    }

    @Test
    void aRequestGivenBackIsDeliveredAtTheNextAwaitWithoutAMessage() {
        Promise<Object> first = new Promise<>();
        Promise<Object> second = new Promise<>();
        List<String> got = new ArrayList<>();
        Task<Object> t = loop.createTask(script("twice", 1, (f, v, e) -> await(first), (f, v, e) -> {
            got.add(e.getMessage()); // swallowed; the request stays counted
            Weft.currentTask().redeliverCancel();
            return await(second);
        }, (f, v, e) -> {
            got.add(e instanceof CancelledException ? "cancelled again: " + e.getMessage() : "value " + v);
            return "end";
        }));
        loop.runUntilIdle();
        onLoop(() -> t.cancel("once"));
        assertEquals(List.of("once", "cancelled again: " + new CancelledException(null).getMessage()), got);
        assertTrue(second.isCancelled());
        assertEquals(1, t.cancelling(), "no new request is counted");
        assertEquals("end", t.result());
    }

    @Test
    void withoutARequestOrOnceDoneThereIsNothingToGiveBack() {
        Promise<Object> p = new Promise<>();
        Task<Object> t = loop.createTask(script("noRequest", 1, (f, v, e) -> {
            Weft.currentTask().redeliverCancel();
            return await(p);
        }, (f, v, e) -> e == null ? "value " + v : "cancelled"));
        loop.runUntilIdle();
        assertFalse(p.isDone());
        onLoop(() -> p.complete("v"));
        assertEquals("value v", t.result());
        t.redeliverCancel();
        t.abandon("too late");
        assertEquals("value v", t.result());
        assertFalse(t.isCancelled());
        assertEquals(0, t.cancelling());
    }

    @Test
    void theFailureNobodyLookedAtIsHandedOutOnceAndEachStateHasItsName() {
        Task<Object> failed = loop.createTask(script("failing", 1, (f, v, e) -> {
            throw new IllegalStateException("boom");
        }), "f");
        String[] whileRunning = new String[1];
        Task<Object> running = loop.createTask(script("self", 1, (f, v, e) -> {
            whileRunning[0] = Weft.currentTask().toString();
            return await(Weft.sleep(Duration.ofDays(1)));
        }, (f, v, e) -> {
            throw dev.weft.internal.Outcomes.sneakyThrow(e);
        }), "r");
        loop.runUntilIdle();
        assertEquals("Task[r, running]", whileRunning[0]);
        assertEquals("Task[f, failed: java.lang.IllegalStateException: boom]", failed.toString());
        assertEquals("boom", failed.unretrievedFailure().getMessage());
        assertNull(failed.unretrievedFailure(), "looking marked it retrieved");
        onLoop(() -> running.cancel());
        assertEquals("Task[r, cancelled]", running.toString());
        assertNull(running.unretrievedFailure(), "a cancellation is not a failure to report");
    }
}
