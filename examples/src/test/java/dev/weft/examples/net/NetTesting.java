package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.IoCoroutine;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the examples' tests share: a bounded run, a server around a scenario, reading to the end of a stream. */
final class NetTesting {
    /** The bound of every scenario: a test that would hang fails instead. */
    static final Duration BOUND = Duration.ofSeconds(20);

    private NetTesting() {
    }

    /** Runs {@code scenario} on a fresh loop, cancelled (and failed) after {@link #BOUND}. */
    static <T> T run(Coroutine<T> scenario) {
        return Weft.run(Weft.timeout(BOUND, scenario));
    }

    /** Starts a server, runs {@code scenario} with its port, then closes the server and waits for its handlers. */
    @Async
    static <T> Coroutine<T> withServer(Coroutine<Server> starting, Scenario<T> scenario)
            throws IOException {
        Server server = await(starting);
        try {
            return Coroutine.of(await(scenario.apply(server.port())));
        } finally {
            server.close();
            server.closeClients();
            await(server.waitClosed());
        }
    }

    /** Opens a connection to the loopback {@code port}. */
    static IoCoroutine<Connection> connect(int port) {
        return Weft.openConnection("127.0.0.1", port);
    }

    /** Reads lines until the end of the stream. */
    @Async
    static Coroutine<List<String>> linesToEnd(StreamReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = await(in.readLine())) != null) {
            lines.add(line);
        }
        return Coroutine.of(lines);
    }

    /** Asserts the peer closed: the next read sees the end of the stream, and nothing before it. */
    @Async
    static Coroutine<Void> assertEnds(StreamReader in) throws IOException {
        assertEquals(0, await(in.read(1)).length, "the server should have closed the connection");
        assertTrue(in.atEof());
        return Coroutine.done();
    }

    /** Starts {@code body} on a thread of its own (a {@code main}) and returns the future of its end. */
    static CompletableFuture<Void> onThread(String name, ThrowingRunnable body) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                ended.complete(null);
            } catch (Throwable e) {
                ended.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true); // a failed test must not keep the JVM alive
        t.start();
        return ended;
    }

    /** Waits for {@code future} for at most {@link #BOUND}. */
    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    /** The names of the live threads Weft's event loop groups run ({@code weft-loop-N}). */
    static List<String> loopThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("weft-loop-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** A scenario run against a server's port: typically an {@code @Async} method, which may declare IOException. */
    @FunctionalInterface
    interface Scenario<T> {
        Coroutine<T> apply(int port) throws IOException;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
