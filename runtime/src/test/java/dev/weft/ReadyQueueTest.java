package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link ReadyQueue}: entries run in the order they were added, each pass only those ready when it began,
 * one that throws reported and the others still run; what other threads offer waits in the inbox until drained, and
 * an offer wakes the loop only while it announced its sleep; sealing hands every entry still queued (the ready
 * ones first, then the inbox) to the rejection, and refuses every later offer without keeping it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadyQueueTest {

    @Test
    void entriesRunInOrderEachPassOnlyThoseReadyWhenItBegan() {
        try (EventLoop loop = new EventLoop()) {
            ReadyQueue q = new ReadyQueue(() -> { });
            LoopDebug debug = new LoopDebug(loop);
            List<String> ran = new ArrayList<>();
            q.add(() -> {
                ran.add("a");
                q.add(() -> ran.add("added by a"));
            });
            q.add(() -> ran.add("b"));
            q.runReady(loop, debug);
            assertEquals(List.of("a", "b"), ran);
            assertTrue(q.hasWork());
            q.runReady(loop, debug);
            assertEquals(List.of("a", "b", "added by a"), ran);
            assertFalse(q.hasWork());
        }
    }

    @Test
    void anEntryThatThrowsIsReportedAndTheOthersStillRun() {
        try (EventLoop loop = new EventLoop()) {
            List<String> reports = new ArrayList<>();
            loop.setExceptionHandler((l, message, e) -> reports.add(message + ": " + e.getMessage()));
            ReadyQueue q = new ReadyQueue(() -> { });
            List<String> ran = new ArrayList<>();
            Runnable failing = new Runnable() {
                @Override
                public void run() {
                    throw new IllegalStateException("boom");
                }

                @Override
                public String toString() {
                    return "failing";
                }
            };
            q.add(failing);
            q.add(() -> ran.add("after"));
            q.runReady(loop, new LoopDebug(loop));
            assertEquals(List.of("after"), ran);
            assertEquals(List.of("exception in callback failing: boom"), reports);
        }
    }

    @Test
    void offersWaitInTheInboxAndWakeTheLoopOnlyWhileItSleeps() throws Exception {
        AtomicInteger wakeUps = new AtomicInteger();
        ReadyQueue q = new ReadyQueue(wakeUps::incrementAndGet);
        assertTrue(q.offer(() -> { }));
        assertEquals(0, wakeUps.get(), "the loop does not sleep: nothing to wake");
        assertFalse(q.inboxIsEmpty());
        assertTrue(q.hasWork());
        assertTrue(q.isEmpty(), "not ready until drained");
        q.drainInbox();
        assertTrue(q.inboxIsEmpty());
        assertFalse(q.isEmpty());
        q.beginSleep();
        Thread other = new Thread(() -> q.offer(() -> { }));
        other.start();
        other.join();
        assertEquals(1, wakeUps.get());
        q.endSleep();
        assertTrue(q.offer(() -> { }));
        assertEquals(1, wakeUps.get());
    }

    @Test
    void sealingRejectsWhatIsQueuedReadyFirstAndRefusesLaterOffers() {
        ReadyQueue q = new ReadyQueue(() -> { });
        Runnable ready1 = () -> { };
        Runnable ready2 = () -> { };
        Runnable inbox1 = () -> { };
        q.add(ready1);
        q.offer(inbox1);
        q.add(ready2);
        List<Runnable> rejected = new ArrayList<>();
        q.seal(rejected::add);
        assertEquals(List.of(ready1, ready2, inbox1), rejected);
        assertFalse(q.hasWork());
        assertFalse(q.offer(() -> { }), "sealed: refused");
        assertFalse(q.hasWork(), "and not kept");
        q.seal(rejected::add);
        assertEquals(3, rejected.size());
    }
}
