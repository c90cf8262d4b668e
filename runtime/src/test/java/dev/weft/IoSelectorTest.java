package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link IoSelector}: removing a callback of a channel that is not watched (no selector yet, never
 * registered, or its key cancelled since nothing was left to watch) is a plain {@code false}; a channel whose key
 * was cancelled is registered afresh when watched again; a closed channel is refused; a loop blocked in the
 * selector is woken by another thread; the loop reports whether any channel is watched, which decides whether
 * virtual time may jump ahead.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IoSelectorTest {
    private Pipe pipe;

    @BeforeEach
    void open() throws IOException {
        pipe = Pipe.open();
    }

    @AfterEach
    void close() throws IOException {
        pipe.source().close();
        pipe.sink().close();
    }

    @Test
    void removingACallbackOfAChannelThatIsNotWatchedIsFalse() throws IOException {
        try (EventLoop loop = new EventLoop()) {
            assertFalse(loop.removeReader(pipe.source()), "no selector yet");
            loop.addWriter(pipe.sink(), () -> { });
            assertFalse(loop.removeReader(pipe.source()), "a selector, but the channel was never registered");
            assertTrue(loop.removeWriter(pipe.sink()));
            assertFalse(loop.removeWriter(pipe.sink()), "its key was cancelled when nothing was left to watch");
        }
    }

    @Test
    void aChannelWhoseKeyWasCancelledIsRegisteredAfreshWhenWatchedAgain() throws IOException {
        try (EventLoop loop = new EventLoop()) {
            Awaitable<Void> first = loop.readable(pipe.source());
            assertTrue(((ReadinessWait) first).cancel(null));
            Awaitable<Void> second = loop.readable(pipe.source()); // the cancelled key is flushed first
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            loop.runUntilComplete(second);
            assertNull(second.exception());
            List<String> calls = new ArrayList<>();
            loop.addReader(pipe.source(), () -> calls.add("reader"));
            loop.runUntilIdle();
            assertEquals(List.of("reader"), calls);
            assertTrue(loop.removeReader(pipe.source()));
        }
    }

    @Test
    void aClosedChannelIsRefused() throws IOException {
        try (EventLoop loop = new EventLoop()) {
            pipe.source().close();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.addReader(pipe.source(), () -> { }));
            assertTrue(e.getMessage().startsWith("channel is closed"), e.getMessage());
        }
    }

    @Test
    void anotherThreadWakesALoopBlockedInTheSelector() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            loop.addReader(pipe.source(), () -> { }); // never ready: the loop blocks in the selector
            Promise<String> p = new Promise<>();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                p.complete("woken");
            });
            t.start();
            long start = System.nanoTime();
            loop.runUntilComplete(p);
            assertEquals("woken", p.result());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
            t.join();
            assertTrue(loop.removeReader(pipe.source()));
        }
    }

    @Test
    void virtualTimeDoesNotJumpWhileAChannelIsWatched() throws Exception {
        ManualClock clock = ManualClock.autoAdvancing();
        try (EventLoop loop = new EventLoop(clock)) {
            Promise<String> timer = new Promise<>();
            loop.callLater(Duration.ofSeconds(10), () -> timer.complete("fired"));
            Awaitable<Void> readable = loop.readable(pipe.source());
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            writer.start();
            loop.runUntilComplete(readable); // waits for the channel: data may arrive before any timer
            writer.join();
            assertEquals(Duration.ZERO, clock.elapsed());
            assertFalse(timer.isDone());
            loop.runUntilComplete(timer); // nothing watched any more: time jumps to the timer
            assertEquals(Duration.ofSeconds(10), clock.elapsed());
        }
    }
}
