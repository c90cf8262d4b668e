package dev.weft.bench.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.EventLoopGroup;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.weft.Weft.await;

/**
 * The Weft server of the request/response benchmark: a line echo written as a user would write it, one woven
 * {@code @Async} handler per connection that reads a line, writes it back and awaits {@code drain()}.
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.net.WeftEchoServer [port] [loops]
 * </pre>
 *
 * With 1 loop (the default) it runs on the calling thread ({@code Weft.run} + {@code Weft.startServer}); with
 * more, on an {@link EventLoopGroup} of that many loops ({@code group.run} + {@code group.startServer}: one loop
 * accepts, each connection runs on the group's next loop). It prints {@code listening on PORT} once it accepts,
 * and serves until the process is stopped.
 *
 * <p>Invariants: each connection's handler runs on one loop and has at most one read and one drain pending; the
 * server is closed, with its connections, only once {@code stop} completes (never, from {@code main}).
 */
public final class WeftEchoServer {
    private WeftEchoServer() {
    }

    /** The handler: every line comes back as it came, until the client ends its side. */
    @Async
    static Coroutine<Void> echo(StreamReader in, StreamWriter out) throws IOException {
        String line;
        while ((line = await(in.readLine())) != null) {
            out.write(line + "\n");
            await(out.drain());
        }
        return Coroutine.done();
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0: any free port), on the current loop or, when {@code group} is not
     * null, on the group; completes {@code listening} with the port, serves until {@code stop} completes, then
     * closes the server and its connections and waits for their handlers.
     */
    @Async
    static Coroutine<Void> serve(int port, EventLoopGroup group, CompletableFuture<Integer> listening,
                                 CompletionStage<Void> stop) throws IOException {
        Server server = await(group == null
                ? Weft.startServer(WeftEchoServer::echo, "127.0.0.1", port)
                : group.startServer(WeftEchoServer::echo, "127.0.0.1", port));
        listening.complete(server.port());
        try {
            await(stop);
        } finally {
            server.close();
            server.closeClients();
        }
        await(server.waitClosed());
        return Coroutine.done();
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        listening.thenAccept(p -> System.out.println("listening on " + p));
        CompletableFuture<Void> never = new CompletableFuture<>();
        if (loops == 1) {
            Weft.run(serve(port, null, listening, never));
        } else {
            try (EventLoopGroup group = new EventLoopGroup(loops)) {
                group.run(serve(port, group, listening, never));
            }
        }
    }
}
