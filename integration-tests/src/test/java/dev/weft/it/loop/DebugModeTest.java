package dev.weft.it.loop;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** Debug mode (seed 36.25, 36.27): slow steps, never-awaited coroutines, calls from the wrong thread. */
class DebugModeTest {

    @Async
    static Coroutine<String> blocksTheLoop() {
        await(Weft.sleep(Duration.ZERO));
        blockingCall();
        return Coroutine.of("done");
    }

    static void blockingCall() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EventLoop debugLoop(List<String> reports, List<Throwable> exceptions) {
        EventLoop loop = new EventLoop();
        loop.setDebug(true);
        loop.setSlowStepThreshold(Duration.ofMillis(100));
        loop.setExceptionHandler((l, message, e) -> {
            reports.add(message);
            exceptions.add(e);
        });
        return loop;
    }

    @Test
    void aSlowStepIsReportedWithTheTaskAndWhereItBlocked() {
        List<String> reports = new CopyOnWriteArrayList<>();
        EventLoop loop = debugLoop(reports, new CopyOnWriteArrayList<>());
        assertEquals("done", Weft.run(blocksTheLoop(), loop));
        assertEquals(1, reports.size(), reports.toString());
        String report = reports.get(0);
        assertTrue(report.startsWith("executing task main took "), report);
        assertTrue(report.contains("blocking the event loop"), report);
        assertTrue(report.contains("DebugModeTest.blockingCall(DebugModeTest.java:"), report);
        assertTrue(report.contains("DebugModeTest.lambda$blocksTheLoop$weft"), report); // its woven body
    }

    @Test
    void withoutDebugModeNothingIsReported() {
        List<String> reports = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, message, e) -> reports.add(message));
        assertEquals("done", Weft.run(blocksTheLoop(), loop));
        assertTrue(reports.isEmpty(), reports.toString());
    }

    @Async
    static Coroutine<Integer> neverAwaited() {
        return Coroutine.of(1);
    }

    @Async
    static Coroutine<String> forgetsToAwait() {
        neverAwaited();                       // the classic bug: the body never runs
        Coroutine<Integer> used = neverAwaited();
        int v = await(used);
        return Coroutine.of("v=" + v);
    }

    @Test
    void aCoroutineThatIsNeverAwaitedIsReportedWithWhereItWasCreated() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        List<Throwable> sites = new CopyOnWriteArrayList<>();
        assertEquals("v=1", Weft.run(forgetsToAwait(), debugLoop(reports, sites)));
        for (int i = 0; i < 100 && reports.isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("coroutine dev.weft.it.loop.DebugModeTest.neverAwaited was never awaited"), reports.get(0));
        StackTraceElement[] where = sites.get(0).getStackTrace();
        assertTrue(java.util.Arrays.stream(where).anyMatch(e -> e.getMethodName().matches("lambda\\$forgetsToAwait\\$weft\\d+")),
                java.util.Arrays.toString(where));
    }

    @Async
    static Coroutine<String> callsFromAnotherThread() {
        EventLoop loop = EventLoop.current();
        Throwable[] seen = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                loop.callSoon(() -> { });
            } catch (IllegalStateException e) {
                seen[0] = e;
            }
        });
        other.start();
        joinQuietly(other);
        return Coroutine.of(seen[0] == null ? "allowed" : seen[0].getMessage());
    }

    @Test
    void debugModeRefusesLoopCallsFromOtherThreads() {
        String message = Weft.run(callsFromAnotherThread(), true);
        assertTrue(message.startsWith("callSoon called from thread"), message);
        assertTrue(message.contains("use callSoonThreadsafe"), message);
        assertEquals("allowed", Weft.run(callsFromAnotherThread(), false));
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
