package dev.weft.io;

import dev.weft.CancelledException;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** StreamReader without a socket: bytes fed by hand, reads run by a loop (asyncio's test_streams, reader part). */
class StreamReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void feed(StreamReader r, String s) {
        byte[] b = bytes(s);
        r.feedData(b, 0, b.length);
    }

    /** Runs {@code read} on a fresh loop that feeds {@code later} after a short delay (0: nothing fed). */
    private static <T> T runFeeding(IoCoroutine<T> read, StreamReader r, String later, boolean eofAfter) {
        EventLoop loop = new EventLoop();
        loop.callLater(Duration.ofMillis(5), () -> {
            if (later != null) {
                feed(r, later);
            }
            if (eofAfter) {
                r.feedEof();
            }
        });
        return Weft.run(read, loop);
    }

    @Test
    void linesWithEitherTerminatorAndTheLastWithout() {
        StreamReader r = new StreamReader();
        feed(r, "one\ntwo\r\nthree");
        r.feedEof();
        assertEquals("one", Weft.run(r.readLine()));
        assertEquals("two", Weft.run(r.readLine()));
        assertEquals("three", Weft.run(r.readLine()));
        assertNull(Weft.run(r.readLine()));
        assertTrue(r.atEof());
    }

    @Test
    void aLineArrivingInPiecesIsWaitedFor() {
        StreamReader r = new StreamReader();
        feed(r, "hel");
        assertEquals("hello", runFeeding(r.readLine(), r, "lo\nrest", false));
        assertEquals(4, r.buffered());
        assertFalse(r.atEof());
    }

    @Test
    void utf8IsDecodedWhole() {
        StreamReader r = new StreamReader();
        byte[] b = bytes("grüße €\n");
        r.feedData(b, 0, 3); // splits the ü
        EventLoop loop = new EventLoop();
        loop.callLater(Duration.ofMillis(5), () -> r.feedData(b, 3, b.length - 3));
        assertEquals("grüße €", Weft.run(r.readLine(), loop));
    }

    @Test
    void readTakesWhatIsThereUpToN() {
        StreamReader r = new StreamReader();
        feed(r, "abcdef");
        assertArrayEquals(bytes("abcd"), Weft.run(r.read(4)));
        assertArrayEquals(bytes("ef"), Weft.run(r.read(100)));
        assertArrayEquals(new byte[0], Weft.run(r.read(0)));
        assertArrayEquals(bytes("later"), runFeeding(r.read(10), r, "later", false));
        r.feedEof();
        assertArrayEquals(new byte[0], Weft.run(r.read(10)));
    }

    @Test
    void readMinusOneReadsToTheEnd() {
        StreamReader r = new StreamReader();
        feed(r, "a");
        assertArrayEquals(bytes("abc"), runFeeding(r.read(-1), r, "bc", true));
        assertThrows(IllegalArgumentException.class, () -> r.read(-2));
    }

    @Test
    void readExactlyWaitsForAllOrFailsWithThePartialBytes() {
        StreamReader r = new StreamReader();
        feed(r, "12");
        assertArrayEquals(bytes("1234"), runFeeding(r.readExactly(4), r, "345", false));
        IncompleteReadException e = assertThrows(IncompleteReadException.class,
                () -> runFeeding(r.readExactly(4), r, "6", true));
        assertArrayEquals(bytes("56"), e.partial());
        assertEquals(4, e.expected());
        assertEquals(0, r.buffered());
    }

    @Test
    void readUntilIncludesTheSeparator() {
        StreamReader r = new StreamReader();
        feed(r, "key=value;next");
        assertArrayEquals(bytes("key=value;"), Weft.run(r.readUntil(bytes(";"))));
        assertArrayEquals(bytes("next--end--"), runFeeding(r.readUntil(bytes("--end--")), r, "--end--", false));
        feed(r, "tail");
        r.feedEof();
        IncompleteReadException e = assertThrows(IncompleteReadException.class, () -> Weft.run(r.readUntil(bytes(";"))));
        assertArrayEquals(bytes("tail"), e.partial());
        assertEquals(-1, e.expected());
        assertThrows(IllegalArgumentException.class, () -> r.readUntil(new byte[0]));
    }

    @Test
    void aLineOverTheLimitFailsAndItsBytesStayReadable() {
        StreamReader r = new StreamReader(8);
        feed(r, "0123456789");
        LimitOverrunException e = assertThrows(LimitOverrunException.class, () -> Weft.run(r.readLine()));
        assertEquals(10, e.buffered());
        assertEquals(10, r.buffered());
        assertArrayEquals(bytes("0123456789"), Weft.run(r.read(10)));
        feed(r, "0123456789\n");
        assertThrows(LimitOverrunException.class, () -> Weft.run(r.readLine()), "separator found past the limit");
        r.setLimit(100);
        assertEquals("0123456789", Weft.run(r.readLine()));
        assertThrows(IllegalArgumentException.class, () -> r.setLimit(0));
    }

    @Test
    void aFailureComesAfterTheBufferedBytes() {
        StreamReader r = new StreamReader();
        feed(r, "last words\n");
        r.feedFailure(new IOException("reset"));
        assertEquals("last words", Weft.run(r.readLine()));
        IOException e = assertThrows(IOException.class, () -> Weft.run(r.readLine()));
        assertEquals("reset", e.getMessage());
        assertTrue(r.atEof());
    }

    @Test
    void aFailureAfterAPartialLineFailsTheReadInsteadOfGivingHalfALine() {
        StreamReader r = new StreamReader();
        feed(r, "half a li");
        r.feedFailure(new IOException("reset"));
        assertThrows(IOException.class, () -> Weft.run(r.readLine()));
        assertThrows(IOException.class, () -> Weft.run(r.readExactly(20)));
        assertThrows(IOException.class, () -> Weft.run(r.readUntil(bytes(";"))));
        assertThrows(IOException.class, () -> Weft.run(r.read(-1)));
        assertArrayEquals(bytes("half a li"), Weft.run(r.read(100)), "what did arrive can still be read");
        assertThrows(IOException.class, () -> Weft.run(r.read(100)));
    }

    @Test
    void aCancelledReadConsumesNothing() {
        StreamReader r = new StreamReader();
        EventLoop loop = new EventLoop();
        Task<String> first = loop.createTask(r.readLine());
        loop.runUntilIdle();
        first.cancel();
        feed(r, "kept\n");
        loop.runUntilIdle();
        assertTrue(first.isCancelled());
        assertEquals("kept", Weft.run(r.readLine(), loop));
    }

    @Test
    void aReadCancelledAfterItsDataArrivedStillConsumesNothing() {
        StreamReader r = new StreamReader();
        EventLoop loop = new EventLoop();
        Task<String> first = loop.createTask(r.readLine());
        loop.runUntilIdle();
        feed(r, "kept\n"); // wakes the read, which has not run yet
        first.cancel();
        loop.runUntilIdle();
        assertThrows(CancelledException.class, first::result);
        assertEquals("kept", Weft.run(r.readLine(), loop));
    }

    @Test
    void aSecondReadWhileOneWaitsIsRefused() {
        StreamReader r = new StreamReader();
        EventLoop loop = new EventLoop();
        Task<String> first = loop.createTask(r.readLine());
        Task<byte[]> second = loop.createTask(r.read(4));
        loop.runUntilIdle();
        assertTrue(second.isDone());
        assertInstanceOf(IllegalStateException.class, second.exception());
        feed(r, "ok\n");
        loop.runUntilIdle();
        assertEquals("ok", first.result());
        loop.close();
    }

    @Test
    void bytesFedAfterTheEndAreIgnored() {
        StreamReader r = new StreamReader();
        r.feedEof();
        feed(r, "late");
        assertEquals(0, r.buffered());
        assertNull(Weft.run(r.readLine()));
        assertTrue(r.toString().contains("eof"));
    }

    @Test
    void aBufferGrowsAndCompactsAcrossManyReads() {
        StreamReader r = new StreamReader();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            feed(r, "line " + i + "\n");
            all.append("line ").append(i).append('\n');
            if (i % 3 == 0) {
                assertEquals("line " + (i / 3), Weft.run(r.readLine()));
            }
        }
        int read = 667;
        while (r.buffered() > 0) {
            assertEquals("line " + read++, Weft.run(r.readLine()));
        }
        assertEquals(2000, read);
    }
}
