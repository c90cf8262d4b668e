package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.LimitOverrunException;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Faults on real loopback sockets, each ending in a clear exception or a clean close, and the server serving the
 * next client afterwards: a peer that resets, refuses or does not resolve, a line far over the limit, a handler
 * that throws, a read that times out in the middle.
 */
@Timeout(60)
class StreamFaultTest {

    @Async
    static Coroutine<Void> readUntilFailure(StreamReader in, StreamWriter out, BlockingQueue<Object> seen) {
        try {
            String line;
            while ((line = await(in.readLine())) != null) {
                seen.add("line " + line);
            }
            seen.add("end of stream");
        } catch (IOException e) {
            seen.add(e);
        }
        return Coroutine.done();
    }

    @Test
    void aPeerResetMidReadFailsTheReadAndTheServerGoesOn() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> readUntilFailure(in, out, seen))) {
            Socket peer = s.connect();
            peer.getOutputStream().write("half a li".getBytes());
            peer.setSoLinger(true, 0);
            peer.close(); // RST
            Object got = s.next();
            assertInstanceOf(IOException.class, got, "the read fails with the reset, got " + got);
            try (Socket next = s.connect()) {
                next.getOutputStream().write("fine\n".getBytes());
                next.shutdownOutput();
                assertEquals("line fine", s.next());
                assertEquals("end of stream", s.next());
            }
        }
    }

    @Async
    static Coroutine<Void> writeUntilFailure(StreamWriter out, BlockingQueue<Object> seen) {
        byte[] chunk = new byte[64 * 1024];
        try {
            for (int i = 0; i < 10_000; i++) {
                out.write(chunk);
                await(out.drain());
            }
            seen.add("wrote everything");
        } catch (IOException e) {
            seen.add(e);
        }
        return Coroutine.done();
    }

    @Test
    void aPeerResetMidWriteFailsTheDrain() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> writeUntilFailure(out, seen))) {
            Socket peer = s.connect();
            assertTrue(peer.getInputStream().readNBytes(100_000).length > 0);
            peer.setSoLinger(true, 0);
            peer.close();
            Object got = s.next();
            assertInstanceOf(IOException.class, got, "drain fails with the reset, got " + got);
            try (Socket next = s.connect()) {
                assertEquals(100_000, next.getInputStream().readNBytes(100_000).length, "the server goes on");
            }
        }
    }

    @Async
    static Coroutine<String> connectTo(String host, int port) {
        try {
            await(Weft.openConnection(host, port));
            return Coroutine.of("connected");
        } catch (IOException e) {
            return Coroutine.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        String outcome = Weft.run(connectTo("127.0.0.1", port));
        assertTrue(outcome.startsWith(ConnectException.class.getSimpleName()), outcome);
        assertTrue(outcome.contains(String.valueOf(port)), "the failure names the address: " + outcome);
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHostException() {
        String outcome = Weft.run(connectTo("no-such-host.invalid", 80));
        assertTrue(outcome.startsWith(UnknownHostException.class.getSimpleName()), outcome);
    }

    @Async
    static Coroutine<Void> refuseLongLines(StreamReader in, StreamWriter out, BlockingQueue<Object> seen) throws IOException {
        try {
            await(in.readLine());
            seen.add("no failure");
        } catch (LimitOverrunException e) {
            seen.add(e);
            seen.add(in.buffered());
            out.write("line too long\n");
            await(out.drain());
        }
        return Coroutine.done();
    }

    @Test
    void aTenMebibyteLineFailsWithTheLimitAndMemoryStaysBounded() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> refuseLongLines(in, out, seen))) {
            Socket peer = s.connect();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream o = peer.getOutputStream(); // not closed here: closing it closes the socket
                    byte[] x = new byte[1024 * 1024];
                    Arrays.fill(x, (byte) 'x');
                    for (int i = 0; i < 10; i++) {
                        o.write(x);
                    }
                    o.write('\n');
                } catch (IOException expected) {
                    // the server closed the connection before taking all of it
                }
            });
            writer.start();
            assertInstanceOf(LimitOverrunException.class, s.next());
            int buffered = (Integer) s.next();
            assertTrue(buffered > StreamReader.DEFAULT_LIMIT && buffered <= 3 * StreamReader.DEFAULT_LIMIT,
                    "the reader stopped reading past twice its limit: " + buffered + " bytes buffered");
            assertEquals("line too long", ServerOnItsOwnThread.readLine(peer.getInputStream()));
            writer.join(10_000);
            assertFalse(writer.isAlive(), "the flooding peer is not left hanging");
            peer.close();
            try (Socket next = s.connect()) {
                next.getOutputStream().write("short\n".getBytes());
                assertEquals("no failure", s.next(), "the server goes on");
            }
        }
    }

    @Async
    static Coroutine<Void> throwAfterALine(StreamReader in, StreamWriter out) throws IOException {
        String line = await(in.readLine());
        if ("boom".equals(line)) {
            throw new IllegalStateException("handler failed on purpose");
        }
        return EchoTest.echo(in, out);
    }

    @Test
    void aHandlerThatThrowsIsReportedAndTheServerGoesOn() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> StreamFaultTest::throwAfterALine)) {
            try (Socket peer = s.connect()) {
                peer.getOutputStream().write("boom\n".getBytes());
                assertNull(ServerOnItsOwnThread.readLine(peer.getInputStream()), "the failed handler's connection is closed");
            }
            String report = s.reported.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(report);
            assertTrue(report.contains("handler failed on purpose") && report.contains("the server goes on"), report);
            try (Socket peer = s.connect()) {
                peer.getOutputStream().write("first\nsecond\n".getBytes());
                assertEquals("second", ServerOnItsOwnThread.readLine(peer.getInputStream()));
            }
        }
    }

    @Async
    static Coroutine<Void> readWithATimeoutThenAgain(StreamReader in, BlockingQueue<Object> seen) throws IOException {
        try {
            await(Weft.timeout(Duration.ofMillis(200), in.readExactly(10)));
            seen.add("the first read finished");
        } catch (TimeoutExpiredException e) {
            seen.add("timed out with " + in.buffered() + " bytes buffered");
        }
        seen.add(new String(await(in.readExactly(10))));
        return Coroutine.done();
    }

    @Test
    void aReadCancelledMidwayLeavesItsBytesForTheNextRead() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> readWithATimeoutThenAgain(in, seen))) {
            try (Socket peer = s.connect()) {
                peer.getOutputStream().write("01234".getBytes());
                assertEquals("timed out with 5 bytes buffered", s.next());
                peer.getOutputStream().write("56789".getBytes());
                assertEquals("0123456789", s.next(), "nothing lost, nothing read twice");
            }
        }
    }

    @Async
    static Coroutine<Void> timedRead(StreamReader in, BlockingQueue<Object> seen) {
        try {
            seen.add("read " + await(Weft.timeout(Duration.ofSeconds(20), in.readLine())));
        } catch (IOException e) { // compiles: the timeout of an I/O coroutine is an I/O coroutine
            seen.add(e);
        }
        return Coroutine.done();
    }

    @Test
    void aTimedReadThatFailsIsCaughtAsAnIOException() throws Exception {
        try (ServerOnItsOwnThread s = new ServerOnItsOwnThread(seen -> (in, out) -> timedRead(in, seen))) {
            Socket peer = s.connect();
            peer.getOutputStream().write("no end".getBytes());
            peer.setSoLinger(true, 0);
            peer.close();
            assertInstanceOf(IOException.class, s.next());
        }
    }
}
