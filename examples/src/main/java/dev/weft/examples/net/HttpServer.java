package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import dev.weft.io.EventLoopGroup;
import dev.weft.io.LimitOverrunException;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import static dev.weft.Weft.await;

/**
 * A minimal HTTP/1.1 server: {@code GET /} answers "Hello, World!", any other path 404. Connections stay open
 * between requests (HTTP/1.1 keep-alive) unless the request says {@code Connection: close} or is HTTP/1.0;
 * pipelined requests are answered in order, each response written and drained before the next request is read.
 *
 * <p>Run it with {@code HttpServer [port] [loops]}: port 8080 and one event loop by default; with more loops, one
 * accepts and every connection runs on the next loop of an {@link EventLoopGroup}. It prints
 * {@code listening on PORT} once it accepts.
 *
 * <p>Each connection is one task running {@link #handle}: the request line and header fields are read with
 * {@link StreamReader#readLine()}, whose limit (8 KiB here) bounds a line; a longer one is answered with 431, a
 * malformed request line with 400, a chunked body with 501, and the connection then closed. A body is skipped
 * when its Content-Length is given (up to 1 MiB, else 413). Not here: a Date header, an idle timeout.
 */
public final class HttpServer {
    /** The longest request line or header field line, in bytes. */
    static final int MAX_LINE = 8 * 1024;
    /** The largest request body skipped; a larger one is answered with 413. */
    static final int MAX_BODY = 1024 * 1024;
    /** Empty lines tolerated before a request line (RFC 9112 asks to ignore at least one). */
    private static final int MAX_EMPTY_LINES = 8;
    /** After an error response: how long the rest of the request is read and dropped before closing. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final int LINGER_BYTES = 1024 * 1024;

    private HttpServer() {
    }

    /** {@code HttpServer [port] [loops]}: serves until the process is stopped. */
    public static void main(String[] args) throws IOException {
        run(args, running -> {
            System.out.println("listening on " + running.port());
            System.out.flush();
        });
    }

    /** What {@code main} does, handing the running server to {@code listening} (to stop it); blocks until stopped. */
    public static void run(String[] args, Consumer<? super RunningServer> listening) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ServerMain.run(HttpServer::handle, null, port, loops, listening);
    }

    /**
     * Starts the server on the awaiting loop (host null for every interface, port 0 for any free port); close the
     * returned {@link Server} to stop it. Fails with an {@link IOException} if it cannot listen.
     */
    @Async
    public static Coroutine<Server> start(String host, int port) {
        return Weft.startServer(HttpServer::handle, host, port); // created when awaited: Server.start needs a loop
    }

    /** Like {@link #start(String, int)}, with {@code group}'s loops serving the connections (the awaiting loop accepts). */
    @Async
    public static Coroutine<Server> start(EventLoopGroup group, String host, int port) {
        return group.startServer(HttpServer::handle, host, port);
    }

    /**
     * Serves one connection: requests in order until the client or a response ends it. A connection the client
     * resets or abandons just ends (a benchmark's clients reset theirs when it finishes): it is no server error.
     */
    @Async
    static Coroutine<Void> handle(StreamReader in, StreamWriter out) {
        in.setLimit(MAX_LINE);
        try {
            await(requests(in, out));
        } catch (IOException clientGone) {
            // reset, broken pipe, or closed in the middle of a body: nobody left to answer
        }
        return Coroutine.done();
    }

    @Async
    private static Coroutine<Void> requests(StreamReader in, StreamWriter out) throws IOException {
        for (;;) {
            HttpRequestHead head;
            try {
                String line = await(in.readLine());
                for (int empty = 0; line != null && line.isEmpty() && empty < MAX_EMPTY_LINES; empty++) {
                    line = await(in.readLine());
                }
                if (line == null) {
                    return Coroutine.done(); // the client closed between requests
                }
                head = HttpRequestHead.parse(line);
                while (head.problem() == 0 && (line = await(in.readLine())) != null && !line.isEmpty()) {
                    head.field(line);
                }
                if (line == null) {
                    return Coroutine.done(); // the client closed in the middle of a request: nobody to answer
                }
            } catch (LimitOverrunException tooLong) {
                out.write(HttpResponses.of(431, true, false));
                return lingerAndClose(in, out);
            }
            if (head.problem() == 0 && head.contentLength() > MAX_BODY) {
                out.write(HttpResponses.of(413, true, false));
                return lingerAndClose(in, out);
            }
            if (head.problem() != 0) {
                out.write(HttpResponses.of(head.problem(), true, false));
                return lingerAndClose(in, out);
            }
            if (head.contentLength() > 0) {
                await(in.readExactly((int) head.contentLength())); // ends the task if the client closes first
            }
            out.write(respond(head));
            await(out.drain());
            if (!head.keepAlive()) {
                return Coroutine.done();
            }
        }
    }

    /** The response to a well-formed request. */
    private static byte[] respond(HttpRequestHead head) {
        boolean close = !head.keepAlive();
        boolean get = head.method().equals("GET");
        if (!get && !head.method().equals("HEAD")) {
            return HttpResponses.of(405, close, false);
        }
        String target = head.target();
        boolean root = target.equals("/") || target.startsWith("/?");
        if (root && get && !close) {
            return HttpResponses.ok();
        }
        return HttpResponses.of(root ? 200 : 404, close, !get);
    }

    /**
     * Ends a connection after an error response: sends it and the end of the stream, then reads and drops what
     * the client still sends (for a while) before closing. Closing a socket with unread bytes resets it, and a
     * reset can destroy the response before the client reads it (the "lingering close" of HTTP servers).
     */
    @Async
    private static Coroutine<Void> lingerAndClose(StreamReader in, StreamWriter out) {
        out.writeEof();
        try {
            await(Weft.timeout(LINGER, discard(in)));
        } catch (IOException | TimeoutExpiredException e) {
            // the client went away or kept sending: close now
        }
        return Coroutine.done();
    }

    @Async
    private static Coroutine<Void> discard(StreamReader in) throws IOException {
        long dropped = 0;
        while (dropped < LINGER_BYTES) {
            byte[] bytes = await(in.read(64 * 1024));
            if (bytes.length == 0) {
                break;
            }
            dropped += bytes.length;
        }
        return Coroutine.done();
    }
}
