package dev.weft.bench.net;

import dev.weft.bench.support.VirtualThreads;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The virtual-thread anchor of the request/response benchmark: blocking {@code java.net} sockets, one virtual
 * thread per connection reading lines with a {@link BufferedReader} and writing each back with a
 * {@link BufferedWriter} flushed after every line. The JDK's default scheduler (one carrier per core) runs
 * them; a platform thread accepts. Needs JDK 21 or later (virtual threads are reached by method handle, as the
 * module is compiled for Java 17).
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.net.VirtualThreadEchoServer [port]
 * </pre>
 *
 * <p>Invariants: one virtual thread per accepted socket, which alone reads and writes it and closes it when the
 * client ends its side or fails.
 */
public final class VirtualThreadEchoServer {
    private VirtualThreadEchoServer() {
    }

    static void echo(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: this connection is over
        }
    }

    public static void main(String[] args) throws IOException {
        VirtualThreads.require();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        acceptForever(port, VirtualThreadEchoServer::echo);
    }

    /** Accepts on 127.0.0.1:{@code port} on this thread, prints {@code listening on PORT}, one virtual thread per connection. */
    static void acceptForever(int port, java.util.function.Consumer<Socket> handler) throws IOException {
        try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getByName("127.0.0.1"))) {
            System.out.println("listening on " + server.getLocalPort());
            System.out.flush();
            for (;;) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                VirtualThreads.start(() -> handler.accept(s));
            }
        }
    }
}
