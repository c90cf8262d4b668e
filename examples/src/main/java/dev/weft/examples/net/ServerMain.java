package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.EventLoopGroup;
import dev.weft.io.Server;
import dev.weft.io.StreamHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import static dev.weft.Weft.await;

/**
 * The body of the example servers' {@code main}: listens, tells the caller (who prints "listening on PORT"), serves
 * until {@link RunningServer#stop()}, then closes the connections still open and returns. With one loop it runs on
 * the calling thread ({@link Weft#run}); with more it runs an {@link EventLoopGroup}, whose threads have all ended
 * when it returns.
 */
public final class ServerMain {
    /** How long a stopped server waits for its handlers before their loop cancels them. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private ServerMain() {
    }

    /**
     * Serves {@code handler} on {@code host}:{@code port} (host null for every interface, port 0 for any free port)
     * with {@code loops} event loops, calling {@code listening} once it accepts; blocks until stopped.
     *
     * @throws IOException if it cannot listen (the port is taken, say)
     */
    public static void run(StreamHandler handler, String host, int port, int loops,
                           Consumer<? super RunningServer> listening) throws IOException {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be at least 1: " + loops);
        }
        if (loops == 1) {
            Weft.run(serve(null, handler, host, port, listening));
            return;
        }
        EventLoopGroup group = new EventLoopGroup(loops);
        try {
            group.run(serve(group, handler, host, port, listening));
        } finally {
            group.close(GRACE);
        }
    }

    @Async
    static Coroutine<Void> serve(EventLoopGroup group, StreamHandler handler, String host, int port,
                                 Consumer<? super RunningServer> listening) throws IOException {
        Server server = await(group == null ? Weft.startServer(handler, host, port) : group.startServer(handler, host, port));
        try {
            listening.accept(new RunningServer(server, EventLoop.current()));
            await(server.serveForever());
        } finally {
            server.close();
        }
        server.closeClients();
        try {
            await(Weft.waitFor(server.waitClosed(), GRACE));
        } catch (TimeoutExpiredException stuck) {
            // handlers still busy (a peer that reads nothing, say): closing the loop cancels them
        }
        return Coroutine.done();
    }
}
