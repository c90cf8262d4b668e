package dev.weft.internal;

import dev.weft.EventLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Debug mode's never-awaited tracking: it stays on while any debug loop runs (it is counted, so one loop stopping does
 * not turn it off under another); a coroutine that never started is reported to the loop it was created on, with the
 * place it was created, and one marked started is not reported.
 */
class CoroutineTrackingTest {
    @Test
    void trackingStaysOnWhileAnyDebugLoopRuns() {
        boolean before = CoroutineTracking.enabled; // (false unless another test's debug loop is running)
        CoroutineTracking.enable();
        CoroutineTracking.enable();
        CoroutineTracking.disable();
        assertTrue(CoroutineTracking.enabled, "the second loop still runs");
        CoroutineTracking.disable();
        assertEquals(before, CoroutineTracking.enabled, "off again once the last of them stopped");
        assertTrue(CoroutineTracking.everEnabled);
    }

    @Test
    void aCoroutineThatNeverStartedIsReportedToItsLoopWithWhereItWasMade() {
        EventLoop loop = new EventLoop();
        List<String> reports = new ArrayList<>();
        List<Throwable> sites = new ArrayList<>();
        loop.setExceptionHandler((l, message, e) -> {
            reports.add(message);
            sites.add(e);
        });
        CoroutineTracking.Creation never = new CoroutineTracking.Creation("app.Owner.never", loop);
        never.run();
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).startsWith("coroutine app.Owner.never was never awaited"), reports.get(0));
        assertEquals("coroutine app.Owner.never was created here", sites.get(0).getMessage());
        assertEquals(getClass().getName(), sites.get(0).getStackTrace()[1].getClassName(), "the creating caller");

        CoroutineTracking.Creation started = new CoroutineTracking.Creation("app.Owner.started", loop);
        started.started = true;
        started.run();
        assertEquals(1, reports.size(), "a started coroutine is not reported");
        loop.close();
    }
}
