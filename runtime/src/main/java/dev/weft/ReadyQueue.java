package dev.weft;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one {@link EventLoop} will run next: the ready queue of callbacks and task steps, and the thread-safe
 * inbox through which other threads hand the loop work and wake it up.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code ready} is used only by the thread running the loop (or, while none does, by the one preparing
 *       it); entries run in the order they were added; a {@link Task} entry stands for the task's next step;</li>
 *   <li>each {@link #runReady} runs only the entries that were ready when it began, so a callback that schedules
 *       another cannot starve timers, I/O or the inbox;</li>
 *   <li>no wake-up is lost: the loop announces it is about to block ({@link #beginSleep}), re-checks the inbox,
 *       and only then blocks; a producer adds to the inbox, then wakes the loop if it announced sleep;</li>
 *   <li>nothing offered is lost: an entry {@link #offer offered} before {@link #seal} is run or handed to the
 *       rejection handler by {@code seal}; an offer after {@code seal} returns false and the caller keeps the
 *       entry. Exactly one of the two happens, whatever the interleaving (the offer re-checks after adding and
 *       takes its entry back if the seal may have missed it).</li>
 * </ul>
 */
final class ReadyQueue {
    /** Handed every entry still queued when the queue is sealed. */
    interface Rejection {
        void rejected(Runnable entry);
    }

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final Runnable wakeUp;
    private volatile boolean sleeping;
    private volatile boolean sealed;

    /** @param wakeUp interrupts the loop's blocking wait (a selector wake-up or an unpark); any thread */
    ReadyQueue(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** Adds an entry on the loop's thread. */
    void add(Runnable entry) {
        ready.add(entry);
    }

    /**
     * Adds an entry from any thread and wakes the loop if it sleeps. Returns false, keeping nothing, once the
     * queue is sealed (the loop closed).
     */
    boolean offer(Runnable entry) {
        if (sealed) {
            return false;
        }
        inbox.add(entry);
        if (sealed && inbox.remove(entry)) {
            return false; // sealed while adding, and the seal had not taken it yet
        }
        if (sleeping) {
            wakeUp.run();
        }
        return true;
    }

    /** Whether {@link #seal} ran: nothing queued now would ever run. */
    boolean isSealed() {
        return sealed;
    }

    /** Moves what other threads handed in to the ready queue. */
    void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            ready.add(r);
        }
    }

    boolean isEmpty() {
        return ready.isEmpty();
    }

    /** Whether anything is queued, in the ready queue or the inbox. */
    boolean hasWork() {
        return !ready.isEmpty() || !inbox.isEmpty();
    }

    boolean inboxIsEmpty() {
        return inbox.isEmpty();
    }

    /** The loop is about to block; {@link #endSleep} when it woke. Then check the inbox once more before blocking. */
    void beginSleep() {
        sleeping = true;
    }

    void endSleep() {
        sleeping = false;
    }

    /**
     * Runs the entries that were ready when called, each isolated: one that throws is reported to the loop and the
     * others still run.
     */
    void runReady(EventLoop loop, LoopDebug debug) {
        for (int n = ready.size(); n > 0; n--) {
            Runnable r = ready.poll();
            long started = debug.beginStep();
            try {
                runEntry(r);
            } catch (Throwable e) {
                loop.report("exception in callback " + r, e);
            } finally {
                if (started != 0) {
                    debug.endStep(started, r);
                }
            }
        }
    }

    /**
     * Runs an entry of a ready queue: a task stands for its next step (see {@link Task#run()}), anything else is an
     * ordinary callback. The loop and {@link Yield} both run their entries through here.
     */
    static void runEntry(Runnable entry) {
        if (entry instanceof Task) {
            ((Task<?>) entry).step();
        } else {
            entry.run();
        }
    }

    /**
     * Refuses every later {@link #offer} and hands each entry still queued, in the ready queue or the inbox, to
     * {@code rejection}, until both are empty: an entry {@linkplain #add added} by a rejection (a callback of a
     * rejected future scheduling more work on the closing thread) is handed over too, never left behind. Loop's
     * thread (or the closing thread) only.
     */
    void seal(Rejection rejection) {
        sealed = true;
        Runnable r;
        while ((r = ready.poll()) != null || (r = inbox.poll()) != null) {
            rejection.rejected(r);
        }
    }
}
