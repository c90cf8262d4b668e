package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link IoInterest}, what a loop watches one channel for: at most one lasting callback per direction (a
 * second one is refused, naming the direction), any number of one-shot waits, each its own registration; when the
 * channel is ready the lasting callbacks are queued (every time) and the waits of each ready direction complete
 * (once), in one poll for both directions; a wait cancelled once its completion was decided, or after the loop
 * closed, is cancelled quietly without touching the others or the closed selector.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IoInterestTest {
    private EventLoop loop;
    private final List<String> reports = new ArrayList<>();
    private Pipe pipe;
    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel peer;

    @BeforeEach
    void open() throws IOException {
        loop = new EventLoop();
        loop.setExceptionHandler((l, message, e) -> reports.add(message + (e == null ? "" : ": " + e)));
        pipe = Pipe.open();
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(server.getLocalAddress());
        peer = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        loop.close();
        pipe.source().close();
        pipe.sink().close();
        client.close();
        peer.close();
        server.close();
        assertEquals(List.of(), reports);
    }

    private static void write(java.nio.channels.WritableByteChannel to) throws IOException {
        to.write(ByteBuffer.wrap(new byte[] {42}));
    }

    /** Runs passes until {@code done} or 5 s of real time passed (readiness of loopback sockets is not instant). */
    private void runUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            loop.runUntilIdle();
            Thread.sleep(1);
        }
    }

    @Test
    void aSecondLastingCallbackIsRefusedNamingItsDirection() {
        Runnable reader = () -> { };
        Runnable writer = () -> { };
        loop.addReader(pipe.source(), reader);
        loop.addWriter(pipe.sink(), writer);
        IllegalStateException r = assertThrows(IllegalStateException.class, () -> loop.addReader(pipe.source(), () -> { }));
        assertTrue(r.getMessage().contains("already has a reader callback (" + reader + "); removeReader it first"),
                r.getMessage());
        IllegalStateException w = assertThrows(IllegalStateException.class, () -> loop.addWriter(pipe.sink(), () -> { }));
        assertTrue(w.getMessage().contains("already has a writer callback (" + writer + "); removeWriter it first"),
                w.getMessage());

        assertTrue(loop.removeReader(pipe.source()));
        assertFalse(loop.removeReader(pipe.source()), "nothing left to remove");
        assertTrue(loop.removeWriter(pipe.sink()));
        assertFalse(loop.removeWriter(pipe.sink()));
        loop.addReader(pipe.source(), () -> { }); // once removed, another callback is welcome
        assertTrue(loop.removeReader(pipe.source()));
    }

    @Test
    void clearingOneDirectionLeavesTheOther() throws Exception {
        List<String> calls = new ArrayList<>();
        loop.addReader(peer, () -> calls.add("read"));
        loop.addWriter(peer, () -> calls.add("write"));
        assertFalse(loop.removeWriter(client), "the client has no writer");
        write(client);
        runUntil(() -> calls.contains("read"));
        assertTrue(calls.contains("read") && calls.contains("write"), calls.toString());
        assertTrue(loop.removeWriter(peer));
        assertFalse(loop.removeWriter(peer), "the reader keeps the channel watched, but it has no writer now");
        calls.clear();
        loop.runUntilIdle();
        assertEquals(List.of("read"), calls, "the data is still unread: the reader is called again, the writer is gone");
        assertTrue(loop.removeReader(peer));
        calls.clear();
        loop.runUntilIdle();
        assertEquals(List.of(), calls);
    }

    @Test
    void waitsInBothDirectionsCompleteInOnePollAndTheChannelIsForgotten() throws Exception {
        write(client);
        Thread.sleep(20); // let the byte arrive, so that one poll reports both directions
        Awaitable<Void> readable = loop.readable(peer);
        Awaitable<Void> writable = loop.writable(peer);
        runUntil(() -> readable.isDone() && writable.isDone());
        assertTrue(readable.isDone() && writable.isDone(), readable + " " + writable);
        assertNull(readable.exception());
        assertNull(writable.exception());
        assertFalse(loop.removeReader(peer), "the waits left nothing registered");
    }

    @Test
    void aLastingCallbackAndAWaitOnTheSameDirection() throws Exception {
        List<String> calls = new ArrayList<>();
        loop.addReader(pipe.source(), () -> calls.add("reader"));
        Awaitable<Void> wait = loop.readable(pipe.source());
        loop.runUntilIdle();
        assertFalse(wait.isDone());
        assertEquals(List.of(), calls);
        write(pipe.sink());
        runUntil(wait::isDone);
        assertTrue(wait.isDone());
        assertEquals(List.of("reader"), calls);
        loop.runUntilIdle();
        assertEquals(List.of("reader", "reader"), calls, "the lasting callback stays; the wait was one-shot");
        assertTrue(loop.removeReader(pipe.source()));
    }

    @Test
    void aWriterAloneIsQueuedEveryPollAndAWriteWaitAloneCompletesOnce() {
        List<String> calls = new ArrayList<>();
        loop.addWriter(pipe.sink(), () -> calls.add("writer"));
        loop.runUntilIdle();
        loop.runUntilIdle();
        assertEquals(List.of("writer", "writer"), calls);
        assertTrue(loop.removeWriter(pipe.sink()));

        Awaitable<Void> first = loop.writable(pipe.sink());
        Awaitable<Void> second = loop.writable(pipe.sink());
        loop.runUntilIdle();
        assertTrue(first.isDone() && second.isDone());
        assertFalse(loop.removeWriter(pipe.sink()));
    }

    @Test
    void anAcceptAndAConnectAreReadAndWriteReadiness() throws Exception {
        List<String> calls = new ArrayList<>();
        server.configureBlocking(false);
        loop.addReader(server, () -> calls.add("acceptable"));
        SocketChannel connecting = SocketChannel.open();
        try {
            connecting.configureBlocking(false);
            connecting.connect(server.getLocalAddress());
            Awaitable<Void> connected = loop.writable(connecting);
            runUntil(() -> connected.isDone() && calls.contains("acceptable"));
            assertTrue(connected.isDone());
            assertTrue(calls.contains("acceptable"), calls.toString());
            assertTrue(connecting.finishConnect());
            assertTrue(loop.removeReader(server));
            server.accept().close();
        } finally {
            connecting.close();
        }
    }

    @Test
    void aWaitCancelledWhileTheWaitsOfItsPollCompleteEndsCancelled() throws Exception {
        for (boolean reading : new boolean[] {true, false}) {
            ReadinessWait first = (ReadinessWait) (reading ? loop.readable(pipe.source()) : loop.writable(pipe.sink()));
            ReadinessWait second = (ReadinessWait) (reading ? loop.readable(pipe.source()) : loop.writable(pipe.sink()));
            List<Boolean> cancelled = new ArrayList<>();
            first.whenDone(() -> cancelled.add(second.cancel("the first one is enough")));
            if (reading) {
                write(pipe.sink());
            }
            runUntil(first::isDone);
            assertEquals(List.of(true), cancelled, "the second was not completed yet when the first one's callback ran");
            assertNull(first.exception());
            assertInstanceOf(CancelledException.class, second.exception());
            assertFalse(loop.removeReader(pipe.source()));
        }
    }

    @Test
    void aWaitCancelledAfterTheLoopClosedLeavesTheClosedSelectorAlone() {
        ReadinessWait first = (ReadinessWait) loop.readable(pipe.source());
        ReadinessWait second = (ReadinessWait) loop.readable(pipe.source());
        ReadinessWait writing = (ReadinessWait) loop.writable(pipe.sink());
        loop.close();
        assertTrue(first.cancel("after close"));
        assertTrue(writing.cancel("after close"));
        assertInstanceOf(CancelledException.class, first.exception());
        assertFalse(second.isDone(), "cancelling one wait touches no other");
        assertTrue(second.cancel("after close"));
    }
}
