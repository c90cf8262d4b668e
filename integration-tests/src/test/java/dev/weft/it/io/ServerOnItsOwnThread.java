package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Weft;
import dev.weft.io.EventLoopGroup;
import dev.weft.io.Server;
import dev.weft.io.StreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A Weft server on a loop of its own thread (a one-loop group), so a test can play the peer with plain blocking
 * sockets: reset a connection, half-close it, read slowly. Handlers tell the test what they saw through
 * {@link #seen}; problems the loop reports (a handler that failed) land in {@link #reported}.
 */
final class ServerOnItsOwnThread implements AutoCloseable {
    final EventLoopGroup group = new EventLoopGroup(1);
    final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    final BlockingQueue<String> reported = new LinkedBlockingQueue<>();
    final Server server;

    /** {@code handlerFor} gets the queue its handlers report to. */
    ServerOnItsOwnThread(java.util.function.Function<BlockingQueue<Object>, StreamHandler> handlerFor) throws IOException {
        server = group.run(start(handlerFor.apply(seen), reported));
    }

    @Async
    private static Coroutine<Server> start(StreamHandler handler, BlockingQueue<String> reported) throws IOException {
        EventLoop.current().setExceptionHandler((loop, message, exception) -> reported.add(message + ": " + exception));
        Server s = await(Weft.startServer(handler, "127.0.0.1", 0));
        return Coroutine.of(s);
    }

    @Async
    private static Coroutine<Void> stop(Server s) throws IOException {
        s.close();
        s.closeClients();
        await(Weft.timeout(Duration.ofSeconds(10), s.waitClosed()));
        return Coroutine.done();
    }

    Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** The next thing a handler saw, waiting up to 10 seconds. */
    Object next() throws InterruptedException {
        Object o = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(o, "the handler reported nothing within 10 s");
        return o;
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                return b.length() == 0 ? null : b.toString();
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** Writes {@code line} and a newline with a blocking socket, then reads the answer line. */
    String roundTrip(String line) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write((line + "\n").getBytes());
            return readLine(s.getInputStream());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            group.run(stop(server));
        } finally {
            group.close(Duration.ofSeconds(5));
        }
    }
}
