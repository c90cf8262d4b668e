package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link ReadinessWait}, what {@code readable} and {@code writable} return: it completes once, when the
 * channel is ready, and wakes the task awaiting it; cancelling it (directly or by cancelling that task) stops its
 * own watch and no other, and a cancel after it completed changes nothing; it describes its direction, channel and
 * whether it is done.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadinessWaitTest {
    private EventLoop loop;
    private Pipe pipe;

    @BeforeEach
    void open() throws IOException {
        loop = new EventLoop();
        pipe = Pipe.open();
    }

    @AfterEach
    void close() throws IOException {
        loop.close();
        pipe.source().close();
        pipe.sink().close();
    }

    @Test
    void aCompletedWaitCannotBeCancelled() {
        ReadinessWait wait = (ReadinessWait) loop.writable(pipe.sink());
        loop.runUntilIdle();
        assertTrue(wait.isDone());
        assertFalse(wait.cancel("too late"));
        assertNull(wait.exception(), "it stays completed");
    }

    @Test
    void aCancelledWaitIsDoneCancelledAndCannotBeCancelledAgain() {
        ReadinessWait wait = (ReadinessWait) loop.readable(pipe.source());
        assertTrue(wait.cancel("no longer needed"));
        CancelledException e = assertInstanceOf(CancelledException.class, wait.exception());
        assertEquals("no longer needed", e.getMessage());
        assertFalse(wait.cancel("again"));
    }

    @Test
    void itNamesItsDirectionChannelAndWhetherItIsDone() {
        ReadinessWait reading = (ReadinessWait) loop.readable(pipe.source());
        ReadinessWait writing = (ReadinessWait) loop.writable(pipe.sink());
        assertEquals("readable(" + pipe.source() + ")", reading.toString());
        assertEquals("writable(" + pipe.sink() + ")", writing.toString());
        assertTrue(reading.reading());
        assertFalse(writing.reading());
        loop.runUntilIdle();
        assertEquals("writable(" + pipe.sink() + ", done)", writing.toString());
        assertEquals("readable(" + pipe.source() + ")", reading.toString(), "nothing to read yet");
        reading.cancel(null);
        assertEquals("readable(" + pipe.source() + ", done)", reading.toString());
    }

    @Test
    void theAwaitingTaskResumesWhenTheChannelBecomesReady() throws Exception {
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(30);
                pipe.sink().write(ByteBuffer.wrap(new byte[] {7}));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        Task<Void> task = loop.createTask(HandWoven.awaitingWhatIsMadeAtStart(() -> loop.readable(pipe.source())));
        loop.runUntilComplete(task);
        writer.join();
        assertNull(task.exception());
        ByteBuffer b = ByteBuffer.allocate(1);
        assertEquals(1, pipe.source().read(b), "the wait only reports readiness: the byte is still there");
    }

    @Test
    void cancellingTheAwaitingTaskCancelsOnlyItsOwnWait() throws Exception {
        ReadinessWait[] waits = new ReadinessWait[1];
        Task<Void> cancelled = loop.createTask(HandWoven.awaitingWhatIsMadeAtStart(() -> {
            waits[0] = (ReadinessWait) loop.readable(pipe.source());
            return waits[0];
        }));
        Task<Void> other = loop.createTask(HandWoven.awaitingWhatIsMadeAtStart(() -> loop.readable(pipe.source())));
        loop.runUntilIdle();
        assertTrue(cancelled.cancel());
        loop.runUntilIdle();
        assertTrue(cancelled.isCancelled());
        assertInstanceOf(CancelledException.class, waits[0].exception());
        assertFalse(other.isDone());
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        loop.runUntilComplete(other);
        assertNull(other.exception());
    }
}
