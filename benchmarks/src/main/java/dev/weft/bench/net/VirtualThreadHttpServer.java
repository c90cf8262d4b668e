package dev.weft.bench.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The virtual-thread anchor of the HTTP benchmark: blocking sockets, one virtual thread per connection, and a
 * minimal hand-written HTTP/1.1 server that answers every request with {@code 200 OK} and {@code Hello,
 * World!\n}. It reads the request line and headers, skips a {@code Content-Length} body, keeps the connection
 * open (HTTP/1.1 unless {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}) and
 * flushes when no further request is already buffered (so pipelined requests share a write). A chunked request
 * body or a head line over 8 KiB gets an error status and the connection is closed.
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.net.VirtualThreadHttpServer [port]
 * </pre>
 *
 * <p>Invariants: one virtual thread per connection, which alone reads and writes it; responses go out in the
 * order of the requests; a request's whole head and body are consumed before the next one is read.
 */
public final class VirtualThreadHttpServer {
    private static final int MAX_LINE = 8192;
    private static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n"
            + "Hello, World!\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_CLOSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n"
            + "Connection: close\r\n\r\nHello, World!\n").getBytes(StandardCharsets.US_ASCII);

    private VirtualThreadHttpServer() {
    }

    /** A request that cannot be served: its status line is sent, then the connection closed. */
    private static final class BadRequest extends Exception {
        final String status;

        BadRequest(String status) {
            super(status, null, false, false);
            this.status = status;
        }
    }

    static void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            try {
                while (handleOne(in, out)) {
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
                out.flush();
            } catch (BadRequest e) {
                out.write(("HTTP/1.1 " + e.status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: this connection is over
        }
    }

    /** Reads one request and writes its response; false once the connection is to be closed. */
    private static boolean handleOne(InputStream in, OutputStream out) throws IOException, BadRequest {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return false;
        }
        if (requestLine.isEmpty()) {
            return true; // a stray CRLF between requests is allowed (RFC 9112, 2.2)
        }
        int lastSpace = requestLine.lastIndexOf(' ');
        if (lastSpace < 0 || requestLine.indexOf(' ') == lastSpace) {
            throw new BadRequest("400 Bad Request");
        }
        String version = requestLine.substring(lastSpace + 1);
        boolean keepAlive = version.equals("HTTP/1.1");
        if (!keepAlive && !version.equals("HTTP/1.0")) {
            throw new BadRequest("505 HTTP Version Not Supported");
        }
        long contentLength = 0;
        String header;
        while ((header = readLine(in)) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("400 Bad Request");
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = parseLength(value);
                case "transfer-encoding" -> throw new BadRequest("501 Not Implemented");
                case "connection" -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (v.contains("close")) {
                        keepAlive = false;
                    } else if (v.contains("keep-alive")) {
                        keepAlive = true;
                    }
                }
                default -> { }
            }
        }
        if (header == null) {
            return false; // the head was cut short
        }
        in.skipNBytes(contentLength); // a body cut short ends the connection (EOFException)
        out.write(keepAlive ? OK : OK_CLOSE);
        return keepAlive;
    }

    private static long parseLength(String value) throws BadRequest {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw new BadRequest("400 Bad Request");
    }

    /** One line of the head as ASCII, without its LF or CRLF; null at the end of the stream before any byte. */
    private static String readLine(InputStream in) throws IOException, BadRequest {
        byte[] line = new byte[128];
        int n = 0;
        for (;;) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                int len = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                return new String(line, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (n == MAX_LINE) {
                throw new BadRequest("431 Request Header Fields Too Large");
            }
            if (n == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, n * 2));
            }
            line[n++] = (byte) b;
        }
    }

    public static void main(String[] args) throws IOException {
        dev.weft.bench.support.VirtualThreads.require();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        VirtualThreadEchoServer.acceptForever(port, VirtualThreadHttpServer::serve);
    }
}
