package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.Connection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.weft.Weft.await;

/**
 * A client of {@link EchoServer}, and a small load tool for any line echo server.
 *
 * <ul>
 *   <li>{@code EchoClient host port [line ...]} sends each line (or, without any, each line of standard input) and
 *       prints each reply;</li>
 *   <li>{@code EchoClient host port --connections N --requests M} opens N connections at once, each sending M
 *       lines one after the other, each waiting for its echo, then prints the rate of round trips and their
 *       latency's median and 99th percentile ({@link EchoLoad}).</li>
 * </ul>
 * Everything runs on one event loop, on the calling thread.
 */
public final class EchoClient {
    private EchoClient() {
    }

    public static void main(String[] args) throws IOException {
        run(args, System.out);
    }

    /** What {@code main} does, printing to {@code out}. */
    public static void run(String[] args, PrintStream out) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: EchoClient host port [line ...] | [--connections N --requests M]");
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        if (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            EchoLoad load = EchoLoad.parse(host, port, rest);
            out.println(Weft.run(load.run()));
        } else {
            Weft.run(talk(host, port, rest, out));
        }
        out.flush();
    }

    /** Sends {@code lines} (standard input's when empty), printing each reply; fails if the server ends first. */
    @Async
    static Coroutine<Void> talk(String host, int port, List<String> lines, PrintStream out) throws IOException {
        Connection c = await(Weft.openConnection(host, port));
        try {
            BufferedReader stdin = lines.isEmpty()
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
            for (int i = 0; stdin != null || i < lines.size(); i++) {
                String line = stdin == null ? lines.get(i) : await(Weft.toThread(stdin::readLine));
                if (line == null) {
                    break; // the end of standard input
                }
                c.writer().write(line + "\n");
                String reply = await(c.reader().readLine());
                if (reply == null) {
                    throw new IOException("the server closed the connection");
                }
                out.println(reply);
            }
        } finally {
            await(c.closeAsync());
        }
        return Coroutine.done();
    }
}
