package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** What the datagram tests share: bounded runs, numbered payloads, tasks' failures. */
final class DatagramSupport {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final int PAYLOAD = 64;

    private DatagramSupport() {
    }

    static <T> T run(Coroutine<T> main) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Weft.run(main));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Datagram d) {
        return new String(d.data(), StandardCharsets.UTF_8);
    }

    /** Datagram number {@code i}: its index, then bytes that depend on it, so a damaged one is seen. */
    static byte[] numbered(int i) {
        byte[] b = new byte[PAYLOAD];
        b[0] = (byte) (i >> 24);
        b[1] = (byte) (i >> 16);
        b[2] = (byte) (i >> 8);
        b[3] = (byte) i;
        for (int k = 4; k < PAYLOAD; k++) {
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    /** The number of an intact numbered datagram; fails on a damaged one. */
    static int numberOf(Datagram d) {
        byte[] b = d.data();
        assertEquals(PAYLOAD, b.length, "datagram length");
        int i = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        assertArrayEquals(numbered(i), b, "datagram " + i + " is damaged");
        return i;
    }

    @Async
    static Coroutine<String> receiveText(DatagramEndpoint endpoint) throws IOException {
        return Coroutine.of(text(await(endpoint.receive())));
    }

    /** The failure of {@code task}, awaited within {@link #WAIT}; fails if it succeeded. */
    @Async
    static Coroutine<Throwable> failureOf(Task<?> task) {
        try {
            await(Weft.waitFor(task, WAIT));
        } catch (TimeoutExpiredException e) {
            throw new AssertionError("the task did not end within " + WAIT, e);
        } catch (Throwable expected) {
            return Coroutine.of(expected);
        }
        throw new AssertionError("the task succeeded: " + task.result());
    }
}
