package dev.weft.it.io;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A TLS peer on a thread of its own, with the JDK's blocking {@link SSLSocket}, for what Weft's API rightly cannot
 * do: vanish in the middle of a session, closing the TCP socket under TLS without a close_notify (with a FIN, or
 * with an RST when {@code reset}). Each blocking call has a time limit, so a peer never outlives its test by long.
 *
 * <p>Invariants: each peer handles one connection, reports its outcome through the future it returns (the line
 * it read, or its failure) and has closed its sockets once that future is done.
 */
final class BlockingTlsPeer {
    private static final int SO_TIMEOUT_MS = 15_000;

    private BlockingTlsPeer() {
    }

    /**
     * A client that connects to {@code port} on loopback, reads one line (so nothing the server sent is left
     * unread), sends {@code send}, then vanishes. Completes with the line it read.
     */
    static CompletableFuture<String> vanishingClient(SSLContext tls, int port, String send, boolean reset) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        start("vanishing TLS client", outcome, () -> {
            try (Socket raw = new Socket()) {
                raw.setSoTimeout(SO_TIMEOUT_MS);
                raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SO_TIMEOUT_MS);
                SSLSocket tlsSocket = (SSLSocket) tls.getSocketFactory().createSocket(raw, "localhost", port, false);
                tlsSocket.startHandshake();
                String line = readLine(tlsSocket);
                OutputStream out = tlsSocket.getOutputStream();
                out.write(send.getBytes(StandardCharsets.UTF_8));
                out.flush();
                vanish(raw, reset);
                return line;
            }
        });
        return outcome;
    }

    /** A server for one connection, on a free loopback port, that sends {@code greeting}, reads a line, then vanishes. */
    static final class VanishingServer {
        private final ServerSocket listening;
        final CompletableFuture<String> outcome = new CompletableFuture<>();

        VanishingServer(SSLContext tls, String greeting) throws IOException {
            listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            listening.setSoTimeout(SO_TIMEOUT_MS);
            start("vanishing TLS server", outcome, () -> {
                try (ServerSocket s = listening; Socket raw = s.accept()) {
                    raw.setSoTimeout(SO_TIMEOUT_MS);
                    SSLSocket tlsSocket = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, raw.getPort(), false);
                    tlsSocket.setUseClientMode(false);
                    tlsSocket.startHandshake();
                    OutputStream out = tlsSocket.getOutputStream();
                    out.write(greeting.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String line = readLine(tlsSocket);
                    vanish(raw, false);
                    return line;
                }
            });
        }

        int port() {
            return listening.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface Body {
        String run() throws Exception;
    }

    private static void start(String name, CompletableFuture<String> outcome, Body body) {
        Thread t = new Thread(() -> {
            try {
                outcome.complete(body.run());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** One line, read byte by byte so that nothing after it is taken from the socket. */
    private static String readLine(SSLSocket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Closes the TCP socket under the TLS session: the peer gets no close_notify. */
    private static void vanish(Socket raw, boolean reset) throws IOException {
        if (reset) {
            raw.setSoLinger(true, 0);
        }
        raw.close();
    }
}
