package dev.weft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EventLoopTest {
    @Test
    void callbacksRunInOrderThenTimersByDeadline() {
        try (EventLoop loop = new EventLoop()) {
            List<String> order = new ArrayList<>();
            Promise<Void> done = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                loop.callLater(Duration.ofMillis(30), () -> {
                    order.add("t30");
                    done.complete(null);
                });
                loop.callLater(Duration.ofMillis(10), () -> order.add("t10"));
                TimerHandle cancelled = loop.callLater(Duration.ofMillis(20), () -> order.add("t20"));
                cancelled.cancel();
                loop.callSoon(() -> order.add("a"));
                loop.callSoon(() -> order.add("b"));
            });
            loop.runUntilComplete(done);
            assertEquals(List.of("a", "b", "t10", "t30"), order);
        }
    }

    @Test
    void timersWithTheSameDeadlineFireInScheduleOrder() {
        try (EventLoop loop = new EventLoop()) {
            List<Integer> order = new ArrayList<>();
            Promise<Void> done = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                long at = loop.nanoTime() + 1_000_000;
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    loop.callAt(at, () -> order.add(n));
                }
                loop.callAt(at, () -> done.complete(null));
            });
            loop.runUntilComplete(done);
            for (int i = 0; i < 20; i++) {
                assertEquals(i, order.get(i));
            }
        }
    }

    @Test
    void anotherThreadWakesASleepingLoop() {
        try (EventLoop loop = new EventLoop()) {
            Promise<String> p = new Promise<>();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                loop.callSoonThreadsafe(() -> p.complete("woken"));
            });
            t.start();
            long start = System.nanoTime();
            loop.runUntilComplete(p);
            assertEquals("woken", p.result());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        }
    }

    @Test
    void currentIsOnlySetWhileRunning() {
        assertThrows(IllegalStateException.class, EventLoop::current);
        try (EventLoop loop = new EventLoop()) {
            Promise<EventLoop> seen = new Promise<>();
            loop.callSoonThreadsafe(() -> seen.complete(EventLoop.current()));
            loop.runUntilComplete(seen);
            assertSame(loop, seen.result());
        }
        assertThrows(IllegalStateException.class, EventLoop::current);
    }

    @Test
    void nestedRunIsRefused() {
        try (EventLoop loop = new EventLoop()) {
            Promise<Throwable> seen = new Promise<>();
            loop.callSoonThreadsafe(() -> {
                try {
                    new EventLoop().runUntilComplete(new Promise<>());
                } catch (IllegalStateException e) {
                    seen.complete(e);
                }
            });
            loop.runUntilComplete(seen);
            assertTrue(seen.result().getMessage().contains("already running"));
        }
    }

    @Test
    void closedLoopRefusesWork() {
        EventLoop loop = new EventLoop();
        loop.close();
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(new Promise<>()));
    }
}
