package dev.weft.io;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pipe transports alone, without {@link Subprocess}: the read pump over a real process's stdout (flow control,
 * the loop closing under it), the write pump over a {@link PipedOutputStream} whose reader the test controls.
 */
class PipeTransportTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** A stream that counts the bytes read through it (the pump's thread reads; the test thread looks). */
    private static final class Counting extends FilterInputStream {
        final AtomicLong count = new AtomicLong();

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }

    /** Runs the loop for {@code millis} of real time. */
    private static void runFor(EventLoop loop, long millis) {
        Promise<Void> later = new Promise<>();
        loop.callLater(Duration.ofMillis(millis), () -> later.complete(null));
        loop.runUntilComplete(later);
    }

    /** Runs the loop until {@code condition} holds (checked every few milliseconds on the loop). */
    private static void runUntil(EventLoop loop, BooleanSupplier condition) {
        Promise<Void> met = new Promise<>();
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (condition.getAsBoolean()) {
                met.complete(null);
            } else {
                loop.callLater(Duration.ofMillis(5), check[0]);
            }
        };
        loop.callSoon(check[0]);
        loop.runUntilComplete(met);
    }

    private static <T> Task<T> runTask(EventLoop loop, IoCoroutine<T> io) {
        Task<T> t = loop.createTask(io);
        loop.runUntilComplete(t);
        return t;
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }

    private static void assertEnds(String threadName) throws InterruptedException {
        Thread t = thread(threadName);
        if (t != null) {
            t.join(10_000);
            assertFalse(t.isAlive(), threadName + " still runs");
        }
    }

    @Test
    void theReadPumpHoldsOffWhileTheReaderIsFullAndEndsWithTheLoop() {
        assertTimeoutPreemptively(BOUND, () -> {
            Process yes = new ProcessBuilder("yes").start();
            Counting counted = new Counting(yes.getInputStream());
            EventLoop loop = new EventLoop();
            StreamReader reader = new StreamReader(4096);
            PipeReadTransport pipe = new PipeReadTransport(loop, reader, counted, "test-pipe-yes", true);
            pipe.start();
            runUntil(loop, pipe::isPaused);
            long bound = 2L * 4096 + (PipeReadTransport.MAX_IN_FLIGHT + 1L) * PipeReadTransport.CHUNK;
            runFor(loop, 300); // the chunks in flight are fed; the pump reads nothing more
            long held = counted.count.get();
            assertEquals(held, reader.buffered(), "every byte read from the pipe reached the reader");
            assertTrue(held <= bound, held + " bytes held, bound " + bound);
            runFor(loop, 300);
            assertEquals(held, counted.count.get(), "a paused pump does not read");
            assertTrue(yes.isAlive(), "yes waits on its full pipe");

            byte[] taken = runTask(loop, reader.read(1 << 20)).result();
            assertEquals(held, taken.length);
            runUntil(loop, () -> counted.count.get() > held && pipe.isPaused()); // resumed, filled up, paused again
            assertTrue(reader.buffered() <= bound);

            loop.close(); // the paused pump notices, ends quietly and closes the pipe: yes dies of SIGPIPE
            assertTrue(yes.waitFor(10, TimeUnit.SECONDS), "yes still runs: the pump did not close its pipe");
            assertEquals(128 + 13, yes.exitValue());
            assertEnds("test-pipe-yes");
        });
    }

    @Test
    void aReadPumpBlockedInItsReadEndsQuietlyOnceTheLoopClosed() {
        assertTimeoutPreemptively(BOUND, () -> {
            Process ticker = new ProcessBuilder("sh", "-c", "while :; do echo tick; sleep 0.02; done").start();
            EventLoop loop = new EventLoop();
            StreamReader reader = new StreamReader();
            new PipeReadTransport(loop, reader, ticker.getInputStream(), "test-pipe-ticker", true).start();
            assertEquals("tick", runTask(loop, reader.readLine()).result());
            loop.close(); // the pump's next chunk finds the loop closed: it closes the pipe, sh dies writing to it
            assertTrue(ticker.waitFor(10, TimeUnit.SECONDS), "sh still runs: the pump did not close its pipe");
            assertEnds("test-pipe-ticker");
        });
    }

    @Test
    void theReadPumpEndsTheReaderAtTheEndOfThePipe() {
        assertTimeoutPreemptively(BOUND, () -> {
            Process p = new ProcessBuilder("sh", "-c", "printf 'one\\ntwo'").start();
            EventLoop loop = new EventLoop();
            StreamReader reader = new StreamReader();
            new PipeReadTransport(loop, reader, p.getInputStream(), "test-pipe-printf", true).start();
            assertEquals("one", runTask(loop, reader.readLine()).result());
            assertEquals("two", runTask(loop, reader.readLine()).result());
            assertNull(runTask(loop, reader.readLine()).result());
            assertTrue(reader.atEof());
            loop.close();
            assertEnds("test-pipe-printf");
        });
    }

    @Test
    void anOutputThatIsNotAPipeIsAtItsEndAtOnce() {
        EventLoop loop = new EventLoop();
        StreamReader reader = new StreamReader();
        new PipeReadTransport(loop, reader, InputStream.nullInputStream(), "test-pipe-none", false).start();
        assertTrue(reader.atEof());
        assertNull(thread("test-pipe-none"));
        loop.close();
    }

    @Test
    void theWritePumpReportsProgressSoDrainWaitsForTheReader() {
        assertTimeoutPreemptively(BOUND, () -> {
            PipedInputStream in = new PipedInputStream(1024);
            EventLoop loop = new EventLoop();
            PipeWriteTransport pipe = new PipeWriteTransport(loop, new PipedOutputStream(in), "test-pipe-in", true);
            pipe.start();
            StreamWriter writer = new StreamWriter(pipe);
            byte[] data = new byte[300 * 1024];
            new Random(7).nextBytes(data);
            writer.write(data);
            assertEquals(data.length, writer.writeBufferSize(), "write only queues");
            Task<Void> drain = loop.createTask(writer.drain());
            runFor(loop, 200);
            assertFalse(drain.isDone(), "nobody reads: the buffer stays above its high-water mark");
            assertTrue(writer.writeBufferSize() > Transport.DEFAULT_HIGH_WATER);

            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Thread readerThread = new Thread(() -> {
                try {
                    in.transferTo(got);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, "test-reader");
            readerThread.start();
            loop.runUntilComplete(drain);
            assertNull(drain.exception());
            assertTrue(writer.writeBufferSize() <= Transport.DEFAULT_LOW_WATER);
            writer.writeEof();
            assertNull(runTask(loop, writer.waitClosed()).exception());
            readerThread.join(10_000);
            assertArrayEquals(data, got.toByteArray(), "every byte, in order, then the end of the stream");
            assertEquals(0, writer.writeBufferSize());
            loop.close();
            assertEnds("test-pipe-in");
        });
    }

    @Test
    void aWriteThatFailsFailsDrainAndWaitClosedWithTheReason() {
        assertTimeoutPreemptively(BOUND, () -> {
            PipedInputStream in = new PipedInputStream(1024);
            EventLoop loop = new EventLoop();
            PipeWriteTransport pipe = new PipeWriteTransport(loop, new PipedOutputStream(in), "test-pipe-broken", true);
            pipe.start();
            StreamWriter writer = new StreamWriter(pipe);
            in.close(); // the reading side is gone
            writer.write(new byte[200 * 1024]);
            Throwable drained = runTask(loop, writer.drain()).exception();
            assertInstanceOf(IOException.class, drained);
            assertTrue(drained.getMessage().contains("test-pipe-broken"), drained.getMessage());
            assertSame(drained, runTask(loop, writer.waitClosed()).exception());
            assertEquals(0, writer.writeBufferSize());
            writer.write(new byte[10]); // a lost pipe takes writes silently; drain says why
            assertSame(drained, runTask(loop, writer.drain()).exception());
            loop.close();
            assertEnds("test-pipe-broken");
        });
    }

    @Test
    void anIdleWritePumpClosesItsPipeWhenTheLoopCloses() {
        assertTimeoutPreemptively(BOUND, () -> {
            PipedInputStream in = new PipedInputStream(1024);
            EventLoop loop = new EventLoop();
            PipeWriteTransport pipe = new PipeWriteTransport(loop, new PipedOutputStream(in), "test-pipe-idle", true);
            pipe.start();
            StreamWriter writer = new StreamWriter(pipe);
            writer.write(new byte[] {1, 2, 3});
            assertNull(runTask(loop, writer.drain()).exception());
            assertArrayEquals(new byte[] {1, 2, 3}, in.readNBytes(3));
            loop.close();
            assertEquals(-1, in.read(), "the writer closed the pipe");
            assertEnds("test-pipe-idle");
        });
    }

    @Test
    void aProcessExitEndsAnIdleStdinSoLaterDrainsFail() {
        assertTimeoutPreemptively(BOUND, () -> {
            PipedInputStream in = new PipedInputStream(1024);
            EventLoop loop = new EventLoop();
            PipeWriteTransport pipe = new PipeWriteTransport(loop, new PipedOutputStream(in), "test-pipe-exit", true);
            pipe.start();
            StreamWriter writer = new StreamWriter(pipe);
            writer.write(new byte[] {1});
            assertNull(runTask(loop, writer.drain()).exception());
            pipe.processExited();
            Throwable closed = runTask(loop, writer.waitClosed()).exception();
            assertInstanceOf(IOException.class, closed);
            assertTrue(closed.getMessage().contains("exited"), closed.getMessage());
            assertSame(closed, runTask(loop, writer.drain()).exception());
            loop.close();
            assertEnds("test-pipe-exit");
        });
    }

    @Test
    void aStdinThatIsNotAPipeFailsEveryDrainSayingSo() {
        EventLoop loop = new EventLoop();
        PipeWriteTransport pipe = new PipeWriteTransport(loop, java.io.OutputStream.nullOutputStream(), "test-pipe-redirected", false);
        pipe.start();
        StreamWriter writer = new StreamWriter(pipe);
        writer.write(new byte[10]);
        Throwable f = runTask(loop, writer.drain()).exception();
        assertInstanceOf(IOException.class, f);
        assertTrue(f.getMessage().contains("not a pipe"), f.getMessage());
        assertNull(thread("test-pipe-redirected"));
        loop.close();
    }
}
