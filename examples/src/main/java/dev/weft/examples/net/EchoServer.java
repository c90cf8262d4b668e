package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.LimitOverrunException;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;

import java.io.IOException;
import java.util.function.Consumer;

import static dev.weft.Weft.await;

/**
 * A line echo server: every line a client sends comes back to it. Run it with {@code EchoServer [port]} (7000 by
 * default); it prints {@code listening on PORT}. A line longer than the reader's limit (64 KiB) is answered with
 * {@value #TOO_LONG} and dropped, and the connection goes on. {@link EchoClient} talks to it, and measures it.
 */
public final class EchoServer {
    static final String TOO_LONG = "error: line too long";

    private EchoServer() {
    }

    /** {@code EchoServer [port]}: serves until the process is stopped. */
    public static void main(String[] args) throws IOException {
        run(args, running -> {
            System.out.println("listening on " + running.port());
            System.out.flush();
        });
    }

    /** What {@code main} does, handing the running server to {@code listening} (to stop it); blocks until stopped. */
    public static void run(String[] args, Consumer<? super RunningServer> listening) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7000;
        ServerMain.run(EchoServer::handle, null, port, 1, listening);
    }

    /** Starts the server on the awaiting loop; close the returned {@link Server} to stop it. */
    @Async
    public static Coroutine<Server> start(String host, int port) {
        return Weft.startServer(EchoServer::handle, host, port);
    }

    /** Echoes one connection's lines until the client ends it (a reset included: that is the client's business). */
    @Async
    static Coroutine<Void> handle(StreamReader in, StreamWriter out) {
        try {
            for (;;) {
                String line;
                try {
                    line = await(in.readLine());
                } catch (LimitOverrunException tooLong) {
                    await(LongLines.skipRest(in));
                    line = TOO_LONG;
                }
                if (line == null) {
                    break;
                }
                out.write(line + "\n");
                await(out.drain()); // a client that sends without reading is slowed down, not buffered for
            }
        } catch (IOException clientGone) {
            // reset or broken pipe: the connection is over
        }
        return Coroutine.done();
    }
}
