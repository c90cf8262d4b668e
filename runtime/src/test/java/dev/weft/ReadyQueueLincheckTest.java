package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static dev.weft.ModelChecked.fork;
import static dev.weft.ModelChecked.join;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The loop's thread-safe inbox and wake-up under Lincheck's model checker: an entry offered while the queue is
 * sealed is either refused (the caller keeps it) or handed to the rejection exactly once, also when two threads
 * offer the same entry (a task's wake-up); an entry offered while the loop goes to sleep is never left behind a
 * sleeping loop.
 */
class ReadyQueueLincheckTest {
    @Test
    void anEntryOfferedWhileTheQueueIsSealedIsRefusedOrRejectedExactlyOnce() {
        ModelChecked.check(2_000, () -> {
            ReadyQueue queue = new ReadyQueue(() -> { });
            List<Runnable> rejected = new ArrayList<>();
            Runnable a = () -> { };
            Runnable b = () -> { };
            boolean[] accepted = new boolean[2];
            Thread first = fork(() -> accepted[0] = queue.offer(a));
            Thread second = fork(() -> accepted[1] = queue.offer(b));
            queue.seal(rejected::add);
            join(first, second);
            assertEquals(accepted[0], rejected.contains(a));
            assertEquals(accepted[1], rejected.contains(b));
            assertEquals((accepted[0] ? 1 : 0) + (accepted[1] ? 1 : 0), rejected.size());
            assertFalse(queue.offer(() -> { }), "a sealed queue refuses");
        });
    }

    @Test
    void theSameEntryOfferedTwiceWhileSealingIsAccountedForOnEachOffer() {
        ModelChecked.check(2_000, () -> {
            ReadyQueue queue = new ReadyQueue(() -> { });
            AtomicInteger rejected = new AtomicInteger();
            Runnable wakeUp = () -> { };
            boolean[] accepted = new boolean[2];
            Thread first = fork(() -> accepted[0] = queue.offer(wakeUp));
            Thread second = fork(() -> accepted[1] = queue.offer(wakeUp));
            queue.seal(entry -> rejected.incrementAndGet());
            join(first, second);
            assertEquals((accepted[0] ? 1 : 0) + (accepted[1] ? 1 : 0), rejected.get());
        });
    }

    @Test
    void anEntryOfferedAsTheLoopGoesToSleepWakesItOrIsSeenBeforeItSleeps() {
        ModelChecked.check(2_000, () -> {
            Thread loopThread = Thread.currentThread();
            ReadyQueue queue = new ReadyQueue(() -> LockSupport.unpark(loopThread));
            EventLoop loop = new EventLoop();
            LoopDebug debug = new LoopDebug(loop);
            AtomicInteger ran = new AtomicInteger();
            Thread producer = fork(() -> queue.offer(ran::incrementAndGet));
            // the loop's side of the handshake, as LoopPass does it: announce, re-check, block, drain, run
            while (ran.get() == 0) {
                queue.drainInbox();
                if (queue.isEmpty()) {
                    queue.beginSleep();
                    if (queue.inboxIsEmpty()) {
                        LockSupport.park();
                    }
                    queue.endSleep();
                    queue.drainInbox();
                }
                queue.runReady(loop, debug);
            }
            join(producer);
            assertEquals(1, ran.get());
        });
    }
}
