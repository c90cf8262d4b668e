package dev.weft.it.sync;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.sync.Event;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** dev.weft.Event through woven code. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken primitive deadlocks
class EventTest {

    @Async
    static Coroutine<String> waiter(Event event, String name, List<String> log) {
        try {
            await(event.waitFor());
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
        log.add(name + " woke");
        return Coroutine.of(name);
    }

    @Async
    static Coroutine<List<String>> setWakesAllInOrder() {
        Event event = new Event();
        List<String> log = new ArrayList<>();
        assertFalse(event.isSet());
        Task<String> a = Weft.spawn(waiter(event, "A", log));
        Task<String> b = Weft.spawn(waiter(event, "B", log));
        Task<String> c = Weft.spawn(waiter(event, "C", log));
        await(Sync.until(() -> event.toString().contains("waiters:3")));
        event.set();
        event.clear(); // woken waiters stay woken (asyncio)
        assertFalse(event.isSet());
        for (Task<String> t : List.of(a, b, c)) {
            await(t);
        }
        assertEquals("Event[unset, waiters:0]", event.toString());
        // set: waitFor completes at once; set twice is harmless
        event.set();
        event.set();
        await(event.waitFor());
        await(waiter(event, "D", log));
        // cleared: waits again
        event.clear();
        Task<String> e = Weft.spawn(waiter(event, "E", log));
        await(Sync.pass(3));
        assertFalse(e.isDone());
        event.set();
        await(e);
        return Coroutine.of(log);
    }

    @Test
    void setWakesEveryWaiterInFifoOrder() {
        assertEquals(List.of("A woke", "B woke", "C woke", "D woke", "E woke"), Weft.run(setWakesAllInOrder()));
    }

    @Async
    static Coroutine<List<String>> cancellation(boolean afterSet) {
        Event event = new Event();
        List<String> log = new ArrayList<>();
        Task<String> a = Weft.spawn(waiter(event, "A", log));
        Task<String> b = Weft.spawn(waiter(event, "B", log));
        Task<String> c = Weft.spawn(waiter(event, "C", log));
        await(Sync.until(() -> event.toString().contains("waiters:3")));
        if (afterSet) {
            event.set();
            a.cancel();  // woken, not yet resumed
            b.cancel();
        } else {
            a.cancel();
            b.cancel();
            await(Sync.pass(2));
            assertEquals("Event[unset, waiters:1]", event.toString(), "no stale waiter");
            event.set();
        }
        log.add("A: " + await(Sync.outcome(a)));
        log.add("B: " + await(Sync.outcome(b)));
        log.add("C: " + await(Sync.outcome(c)));
        assertTrue(event.isSet());
        assertEquals("Event[set, waiters:0]", event.toString());
        return Coroutine.of(log);
    }

    @Test
    void waitersCancelledBeforeTheEventLeaveTheQueue() {
        assertEquals(List.of("A cancelled", "B cancelled", "A: cancelled", "B: cancelled", "C woke", "C: value C"),
                Weft.run(cancellation(false)));
    }

    @Test
    void waitersCancelledAfterTheEventGetTheCancellationAndOthersStillWake() {
        assertEquals(List.of("A cancelled", "B cancelled", "C woke", "A: cancelled", "B: cancelled", "C: value C"),
                Weft.run(cancellation(true)));
    }
}
