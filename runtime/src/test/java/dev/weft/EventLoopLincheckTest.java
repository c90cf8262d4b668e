package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.weft.ModelChecked.fork;
import static dev.weft.ModelChecked.join;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The event loop's cross-thread entry points under Lincheck's model checker, each against a loop that runs (or
 * closes) on the scenario's main thread: a promise completed on another thread wakes {@code runUntilComplete} and a
 * task awaiting it, in debug mode too; {@code callSoonThreadsafe} and {@code stop} from another thread are never
 * lost.
 *
 * <p>A callback handed in while the loop closes is checked on plain threads instead ({@link LoopCloseRaceTest}):
 * under the model checker that scenario reports a hang that its own replay does not reproduce (Lincheck 3.7 says
 * "non-determinism found", and the replayed interleaving runs to the end), while the same race run 200,000 times on
 * real threads neither hangs nor loses the callback. The race at its heart, an offer against the seal, is
 * model-checked in {@link ReadyQueueLincheckTest}.
 */
class EventLoopLincheckTest {
    @Test
    void runUntilCompleteWakesUpForAPromiseCompletedOnAnotherThread() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            Promise<Integer> p = new Promise<>();
            Thread completer = fork(() -> p.complete(1));
            loop.runUntilComplete(p);
            join(completer);
            loop.close();
            assertEquals(1, p.result());
        });
    }

    @Test
    void aTaskWokenFromAnotherThreadResumes() {
        ModelChecked.check(500, () -> wakeATaskFromAnotherThread(false));
    }

    @Test
    void inDebugModeATaskWokenFromAnotherThreadResumes() {
        // fewer invocations: debug mode's watchdog thread naps in real time, and each invocation waits for it to end
        ModelChecked.check(40, () -> wakeATaskFromAnotherThread(true));
    }

    private static void wakeATaskFromAnotherThread(boolean debug) {
        EventLoop loop = new EventLoop();
        loop.setDebug(debug);
        Promise<Integer> p = new Promise<>();
        Task<Integer> task = loop.createTask(HandWoven.awaitOne(p));
        Thread completer = fork(() -> p.complete(1));
        loop.runUntilComplete(task);
        join(completer);
        loop.close();
        assertEquals(1, task.result());
    }

    @Test
    void callSoonThreadsafeAndStopFromAnotherThreadAreNeverLost() {
        ModelChecked.check(500, () -> {
            EventLoop loop = new EventLoop();
            AtomicInteger ran = new AtomicInteger();
            Thread caller = fork(() -> {
                loop.callSoonThreadsafe(ran::incrementAndGet);
                loop.stop();
            });
            loop.runForever();
            join(caller);
            loop.runUntilIdle();
            loop.close();
            assertEquals(1, ran.get());
        });
    }
}
