package dev.weft.it.hardening;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.ManualClock;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Readiness registrations: several tasks may wait for the same channel and direction, each wait is its own
 * registration, a second lasting callback is refused instead of silently replacing the first, and a channel
 * nobody waits for any more leaves the selector (so virtual time advances again).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReadinessTest {

    @Async
    static Coroutine<String> waitReadable(Pipe.SourceChannel source, String who) {
        await(EventLoop.current().readable(source));
        return Coroutine.of(who);
    }

    @Async
    static Coroutine<List<String>> twoWaiters() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            Task<String> first = Weft.spawn(waitReadable(pipe.source(), "first"));
            Task<String> second = Weft.spawn(waitReadable(pipe.source(), "second"));
            Task<String> third = Weft.spawn(waitReadable(pipe.source(), "third"));
            await(Weft.sleep(Duration.ZERO));
            second.cancel();
            await(Weft.sleep(Duration.ZERO));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            List<String> woken = new ArrayList<>();
            woken.add(await(first));
            woken.add(await(third));
            woken.add(second.isCancelled() ? "second cancelled" : "second not cancelled");
            return Coroutine.of(woken);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void everyWaiterIsWokenAndCancellingOneLeavesTheOthers() throws Exception {
        assertEquals(List.of("first", "third", "second cancelled"), Weft.run(twoWaiters()));
    }

    @Async
    static Coroutine<String> readerTwice() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            EventLoop loop = EventLoop.current();
            Runnable reader = () -> { };
            loop.addReader(pipe.source(), reader);
            loop.addReader(pipe.source(), reader); // the same callback again: nothing changes
            String refusal;
            try {
                loop.addReader(pipe.source(), () -> { });
                refusal = "replaced silently";
            } catch (IllegalStateException e) {
                refusal = e.getMessage();
            }
            boolean removed = loop.removeReader(pipe.source());
            boolean removedAgain = loop.removeReader(pipe.source());
            return Coroutine.of(refusal + " | " + removed + " " + removedAgain);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aSecondReaderCallbackIsRefused() throws Exception {
        String outcome = Weft.run(readerTwice());
        assertTrue(outcome.contains("already has a reader callback"), outcome);
        assertTrue(outcome.endsWith(" | true false"), outcome);
    }

    @Async
    static Coroutine<Long> readinessThenVirtualSleep() throws IOException {
        Pipe ready = Pipe.open();
        Pipe silent = Pipe.open();
        try {
            ready.sink().write(ByteBuffer.wrap(new byte[] {1}));
            await(EventLoop.current().readable(ready.source())); // a wait that completes
            Task<String> cancelled = Weft.spawn(waitReadable(silent.source(), "never"));
            await(Weft.sleep(Duration.ZERO));
            cancelled.cancel(); // and one that is cancelled
            await(Weft.sleep(Duration.ofHours(1)));
            return Coroutine.of(EventLoop.current().nanoTime());
        } finally {
            for (Pipe p : new Pipe[] {ready, silent}) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    @Test
    void aChannelNobodyWaitsForNoLongerHoldsVirtualTimeBack() throws Exception {
        long now = Weft.run(readinessThenVirtualSleep(), new EventLoop(ManualClock.autoAdvancing()));
        assertEquals(Duration.ofHours(1).toNanos(), now);
    }
}
