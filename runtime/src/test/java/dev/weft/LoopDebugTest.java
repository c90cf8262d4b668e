package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link LoopDebug}: the exception handler gets every report, a null handler restores the default, and a
 * handler that throws is ignored after printing its failure; the mode cannot change while the loop runs; the
 * slow-step threshold must be positive; a slow step is reported naming the task or the callback; user calls from
 * another thread while the loop runs are refused (always for calls that are never thread-safe, and in debug mode
 * also for {@code callSoon}, which otherwise takes the thread-safe path), while the loop's thread, and any thread
 * while the loop is idle, may make them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopDebugTest {

    /** Runs {@code loop} on a new thread, calls {@code fromOutside} on this thread while it runs, then ends it. */
    private static void whileRunningElsewhere(EventLoop loop, Consumer<EventLoop> fromOutside) throws Exception {
        Promise<Void> until = new Promise<>();
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoonThreadsafe(running::countDown);
        Thread runner = new Thread(() -> loop.runUntilComplete(until), "debug-loop");
        runner.start();
        try {
            assertTrue(running.await(10, TimeUnit.SECONDS));
            fromOutside.accept(loop);
        } finally {
            loop.callSoonThreadsafe(() -> until.complete(null)); // after what fromOutside handed in
            runner.join(10_000);
        }
        assertFalse(runner.isAlive());
    }

    /** What {@code action} prints to {@link System#err} (where a failing exception handler is reported). */
    private static String stderrOf(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aNullHandlerRestoresTheDefault() {
        try (EventLoop loop = new EventLoop()) {
            List<String> got = new ArrayList<>();
            loop.setExceptionHandler((l, message, e) -> got.add(message));
            loop.report("one", null);
            loop.setExceptionHandler(null);
            String err = stderrOf(() -> loop.report("two (to the default handler, which logs it)", null));
            assertEquals(List.of("one"), got);
            assertFalse(err.contains("exception handler failed"), "a handler took the report: " + err);
        }
    }

    @Test
    void aHandlerThatThrowsIsIgnoredAfterPrinting() {
        try (EventLoop loop = new EventLoop()) {
            loop.setExceptionHandler((l, message, e) -> {
                throw new IllegalStateException("handler bug");
            });
            String err = stderrOf(() -> loop.report("anything", new RuntimeException()));
            assertTrue(err.contains("[weft] the loop's exception handler failed: java.lang.IllegalStateException: handler bug"),
                    err);
        }
    }

    @Test
    void theModeCannotChangeWhileTheLoopRuns() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            Promise<Throwable> fromInside = new Promise<>();
            loop.callSoonThreadsafe(() -> fromInside.complete(assertThrows(IllegalStateException.class,
                    () -> loop.setDebug(true))));
            loop.runUntilComplete(fromInside);
            assertTrue(fromInside.result().getMessage().contains("before running the loop"));
            whileRunningElsewhere(loop, l -> assertThrows(IllegalStateException.class, () -> l.setDebug(true)));
            assertFalse(loop.isDebug());
            loop.setDebug(true);
            assertTrue(loop.isDebug());
        }
    }

    @Test
    void theSlowStepThresholdMustBePositive() {
        try (EventLoop loop = new EventLoop()) {
            assertThrows(IllegalArgumentException.class, () -> loop.setSlowStepThreshold(null));
            assertThrows(IllegalArgumentException.class, () -> loop.setSlowStepThreshold(Duration.ofMillis(-1)));
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> loop.setSlowStepThreshold(Duration.ZERO));
            assertTrue(zero.getMessage().contains("must be positive"));
            loop.setSlowStepThreshold(Duration.ofNanos(1));
        }
    }

    @Test
    void aSlowStepIsReportedNamingTheTaskOrTheCallback() {
        try (EventLoop loop = new EventLoop()) {
            List<String> reports = Collections.synchronizedList(new ArrayList<>());
            loop.setExceptionHandler((l, message, e) -> reports.add(message));
            loop.setDebug(true);
            loop.setSlowStepThreshold(Duration.ofMillis(5));
            Runnable slowCallback = () -> sleep(30);
            loop.callSoonThreadsafe(slowCallback);
            Task<Object> task = loop.createTask(HandWoven.awaitingWhatIsMadeAtStart(() -> {
                sleep(30);
                return Coroutine.of("done");
            }), "sleepy");
            loop.runUntilComplete(task);
            assertTrue(reports.stream().anyMatch(m -> m.startsWith("executing callback " + slowCallback + " took")),
                    reports.toString());
            assertTrue(reports.stream().anyMatch(m -> m.startsWith("executing task sleepy took")), reports.toString());
        }
    }

    @Test
    void callsFromAnotherThreadWhileTheLoopRunsAreRefusedUnlessThreadSafe() throws Exception {
        try (EventLoop loop = new EventLoop(); Pipe.SourceChannel source = Pipe.open().source()) {
            Promise<String> viaCallSoon = new Promise<>();
            whileRunningElsewhere(loop, l -> {
                l.callSoon(() -> viaCallSoon.complete("ran")); // not debug: taken as callSoonThreadsafe
                assertRefused("callAt", () -> l.callLater(Duration.ofMillis(1), () -> { }));
                assertRefused("createTask", () -> l.createTask(Coroutine.of(1)));
                assertRefused("allTasks", l::allTasks);
                assertRefused("I/O registration", () -> l.addReader(source, () -> { }));
                assertRefused("removeReader", () -> l.removeReader(source));
            });
            assertEquals("ran", viaCallSoon.result());
            Promise<List<Task<?>>> onTheLoopThread = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                loop.callLater(Duration.ZERO, () -> { });
                onTheLoopThread.complete(loop.allTasks());
            });
            loop.runUntilComplete(onTheLoopThread);
            assertEquals(List.of(), onTheLoopThread.result());
            // idle: any thread may prepare the loop
            loop.callSoon(() -> { });
            loop.callLater(Duration.ZERO, () -> { });
            assertEquals(List.of(), loop.allTasks());
        }
    }

    @Test
    void inDebugModeCallSoonFromAnotherThreadIsRefused() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            loop.setExceptionHandler((l, message, e) -> { });
            loop.setDebug(true);
            AtomicReference<String> ranOnLoop = new AtomicReference<>();
            whileRunningElsewhere(loop, l -> {
                assertRefused("callSoon", () -> l.callSoon(() -> { }));
                l.callSoonThreadsafe(() -> ranOnLoop.set(Thread.currentThread().getName()));
            });
            assertEquals("debug-loop", ranOnLoop.get(), "the thread-safe path is still open");
        }
    }

    private static void assertRefused(String what, org.junit.jupiter.api.function.Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().startsWith(what + " called from thread " + Thread.currentThread().getName()
                + " but the loop runs on debug-loop"), e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
