package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.weft.Weft.await;
import static dev.weft.it.io.TlsTest.run;
import static dev.weft.it.io.TlsTest.stop;
import static dev.weft.it.io.TlsTest.untilSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Megabytes over TLS on loopback through woven code: both directions at once with {@code drain()}, every byte
 * intact; and a reader that does not read, whose transport stops reading (flow control) while the writer's
 * {@code drain()} waits on the write buffer's plaintext count, until reading resumes.
 */
class TlsBulkTest {
    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static SSLContext clientTls;

    @BeforeAll
    static void certificates() throws Exception {
        TlsFixture localhost = TlsFixture.generate(dir, "localhost", "localhost", "dns:localhost,ip:127.0.0.1");
        serverTls = localhost.serverContext();
        clientTls = TlsFixture.clientTrusting(localhost);
    }

    static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Async
    static Coroutine<Void> send(StreamWriter out, byte[] data) throws IOException {
        for (int at = 0; at < data.length; at += 50_000) {
            out.write(data, at, Math.min(50_000, data.length - at));
            await(out.drain());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<byte[]> receive(StreamReader in, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream(n);
        while (got.size() < n) {
            byte[] part = await(in.read(64 * 1024));
            if (part.length == 0) {
                throw new EOFException("the stream ended after " + got.size() + " of " + n + " bytes");
            }
            got.write(part, 0, part.length);
        }
        return Coroutine.of(got.toByteArray());
    }

    /** Sends {@code mine} while it receives {@code theirs.length} bytes; whether they are {@code theirs}. */
    @Async
    static Coroutine<Boolean> exchange(StreamReader in, StreamWriter out, byte[] mine, byte[] theirs) throws IOException {
        Task<Void> sending = Weft.spawn(send(out, mine));
        byte[] got = await(receive(in, theirs.length));
        await(sending);
        return Coroutine.of(Arrays.equals(got, theirs));
    }

    @Async
    static Coroutine<Void> bulkHandler(StreamReader in, StreamWriter out, byte[] mine, byte[] theirs, List<Object> seen)
            throws IOException {
        seen.add(await(exchange(in, out, mine, theirs)));
        seen.add(await(in.readLine()) == null ? "end" : "more bytes than expected");
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> bulkSession(byte[] up, byte[] down) throws IOException {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> bulkHandler(in, out, down, up, seen), "127.0.0.1", 0, serverTls));
        Connection c = await(Weft.openConnection("localhost", server.port(), clientTls));
        boolean intact = await(exchange(c.reader(), c.writer(), up, down));
        await(c.closeAsync());
        await(untilSize(seen, 2));
        await(stop(server));
        List<Object> got = new ArrayList<>();
        got.add(intact);
        got.addAll(seen);
        return Coroutine.of(got);
    }

    @Test
    void severalMebibytesBothWaysAtOnceArriveIntact() throws Exception {
        byte[] up = bytes(1, 6 * 1024 * 1024 + 17);
        byte[] down = bytes(2, 5 * 1024 * 1024 + 3);
        assertEquals(List.of(true, true, "end"), run(bulkSession(up, down)),
                "client got the server's bytes; server got the client's, then its close_notify");
    }

    /** Reads nothing until its reader paused the transport, then reports how much it holds and reads everything. */
    @Async
    static Coroutine<Void> lateReader(StreamReader in, StreamWriter out, byte[] expected, List<Object> seen)
            throws IOException {
        for (int i = 0; in.buffered() <= 2 * in.limit(); i++) {
            assertTrue(i < 1000, "the reader never filled");
            await(Weft.sleep(Duration.ofMillis(10)));
        }
        await(Weft.sleep(Duration.ofMillis(200))); // were reading not paused, megabytes would pile up meanwhile
        seen.add(in.buffered());
        seen.add(Arrays.equals(await(receive(in, expected.length)), expected));
        out.write("ok\n");
        await(in.readLine());
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<Object>> lateReaderSession(byte[] data) throws IOException {
        List<Object> seen = new ArrayList<>();
        Server server = await(Weft.startServer((in, out) -> lateReader(in, out, data, seen), "127.0.0.1", 0, serverTls));
        Connection c = await(Weft.openConnection("localhost", server.port(), clientTls));
        StreamWriter out = c.writer();
        out.write(data);
        List<Object> got = new ArrayList<>();
        got.add(out.writeBufferSize() > 64 * 1024 ? "above the high-water mark" : "only " + out.writeBufferSize());
        await(out.drain());
        got.add(out.writeBufferSize() <= 16 * 1024 ? "drained to the low-water mark" : "drained to " + out.writeBufferSize());
        got.add(await(c.reader().readLine()));
        got.add(out.writeBufferSize());
        await(c.closeAsync());
        await(untilSize(seen, 2));
        got.addAll(seen);
        await(stop(server));
        return Coroutine.of(got);
    }

    @Test
    void aReaderThatDoesNotReadPausesTheTransportAndTheWritersDrainWaits() throws Exception {
        List<Object> got = run(lateReaderSession(bytes(3, 8 * 1024 * 1024)));
        assertEquals(List.of("above the high-water mark", "drained to the low-water mark", "ok", 0), got.subList(0, 4));
        int held = (Integer) got.get(4);
        assertTrue(held <= 3 * StreamReader.DEFAULT_LIMIT, () -> "the paused reader held " + held + " bytes");
        assertEquals(true, got.get(5), "every byte arrived once reading resumed");
    }
}
