package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Flow control and closing on real loopback sockets: a slow reader bounds the writer's buffer, half-close works
 * in each direction, and ten thousand connections that come and go without a byte leave nothing behind.
 */
@Timeout(120)
class StreamFlowTest {
    private static final int CHUNK = 16 * 1024;
    private static final int TOTAL = 32 * 1024 * 1024;

    @Async
    static Coroutine<Void> writeALot(StreamWriter out, BlockingQueue<Object> seen) throws IOException {
        byte[] chunk = new byte[CHUNK];
        int most = 0;
        for (int sent = 0; sent < TOTAL; sent += CHUNK) {
            out.write(chunk);
            most = Math.max(most, out.writeBufferSize());
            await(out.drain());
        }
        seen.add(most);
        return Coroutine.done();
    }

    @Test
    void aSlowReaderKeepsTheWriterBufferUnderItsHighWaterMark() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> writeALot(out, seen))) {
            try (Socket peer = s.connect()) {
                InputStream in = peer.getInputStream();
                byte[] buf = new byte[8192];
                long got = 0;
                for (int n; got < TOTAL && (n = in.read(buf)) > 0; ) {
                    got += n;
                    if (got % (128 * 1024) < n) {
                        Thread.sleep(1); // a slow consumer
                    }
                }
                assertEquals(TOTAL, got);
            }
            int most = (Integer) s.next();
            assertTrue(most > 0, "the peer was slow enough that bytes waited in the buffer");
            assertTrue(most <= 64 * 1024 + CHUNK, "drain kept the buffer at its high-water mark: " + most);
        }
    }

    @Async
    static Coroutine<Void> answerAfterTheQuestionEnds(StreamReader in, StreamWriter out, BlockingQueue<Object> seen) throws IOException {
        String question = await(in.readLine());
        String after = await(in.readLine());
        seen.add(question + " then " + after);
        out.write("answer to " + question + "\n");
        await(out.drain());
        return Coroutine.done();
    }

    @Test
    void thePeerHalfClosesAndStillReadsTheAnswer() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> answerAfterTheQuestionEnds(in, out, seen))) {
            try (Socket peer = s.connect()) {
                peer.getOutputStream().write("why\n".getBytes());
                peer.shutdownOutput();
                assertEquals("why then null", s.next());
                assertEquals("answer to why", ServerOnItsOwnThread.readLine(peer.getInputStream()));
                assertEquals(-1, peer.getInputStream().read());
            }
        }
    }

    @Async
    static Coroutine<Void> sayThenListen(StreamReader in, StreamWriter out, BlockingQueue<Object> seen) throws IOException {
        assertTrue(out.canWriteEof());
        out.write("bye from the server\n");
        out.writeEof();
        try {
            out.write("more");
            seen.add("a write after writeEof was accepted");
        } catch (IllegalStateException expected) {
            seen.add("refused");
        }
        seen.add(await(in.readLine()));
        seen.add(String.valueOf(await(in.readLine())));
        return Coroutine.done();
    }

    @Test
    void theServerHalfClosesAndStillReadsThePeer() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> sayThenListen(in, out, seen))) {
            try (Socket peer = s.connect()) {
                InputStream in = peer.getInputStream();
                assertEquals("bye from the server", ServerOnItsOwnThread.readLine(in));
                assertEquals(-1, in.read(), "the server's writeEof is the end of the stream");
                assertEquals("refused", s.next());
                peer.getOutputStream().write("still here\n".getBytes());
                peer.shutdownOutput();
                assertEquals("still here", s.next());
                assertEquals("null", s.next());
            }
        }
    }

    @Async
    static Coroutine<Void> countSilentPeers(StreamReader in, BlockingQueue<Object> seen) throws IOException {
        seen.add(String.valueOf(await(in.readLine())));
        return Coroutine.done();
    }

    private static long openFileDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void tenThousandConnectionsOpenedAndDroppedLeaveNothingBehind() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> countSilentPeers(in, seen))) {
            for (int i = 0; i < 200; i++) { // warm up, so the count below is about connections, not class loading
                s.connect().close();
                assertEquals("null", s.next());
            }
            long before = openFileDescriptors();
            for (int i = 0; i < 10_000; i++) {
                s.connect().close();
            }
            for (int i = 0; i < 10_000; i++) {
                assertEquals("null", s.next(), "every handler saw the end of its stream");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (s.server.connectionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, s.server.connectionCount());
            long after = openFileDescriptors();
            assertTrue(after - before < 50, "sockets were closed: " + before + " descriptors before, " + after + " after");
        }
    }

    @Async
    static Coroutine<Void> sendAndClose(StreamWriter out, int bytes) throws IOException {
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = (byte) i;
        }
        out.write(data);
        await(out.drain());
        return Coroutine.done();
    }

    @Async
    static Coroutine<byte[]> readAll(int port) throws IOException {
        dev.weft.io.Connection c = await(dev.weft.Weft.openConnection("127.0.0.1", port));
        byte[] all = await(c.reader().read(-1));
        c.close();
        dev.weft.io.Connection again = await(dev.weft.Weft.openConnection(java.net.InetSocketAddress.createUnresolved("localhost", port)));
        byte[] exactly = await(again.reader().readExactly(all.length));
        again.close();
        assertArrayEquals(all, exactly, "readExactly of far more than the limit finishes too");
        return Coroutine.of(all);
    }

    @Test
    void readToTheEndTakesAStreamFarLongerThanTheLimit() throws Exception {
        int bytes = 40 * StreamReader.DEFAULT_LIMIT;
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> sendAndClose(out, bytes))) {
            byte[] all = dev.weft.Weft.run(readAll(s.server.port()));
            assertEquals(bytes, all.length, "flow control does not stall a read to the end");
            for (int i = 0; i < bytes; i += 4099) {
                assertEquals((byte) i, all[i]);
            }
        }
    }
}
