package dev.weft.it.loop;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real sockets on loopback, driven by I/O readiness on the loop's selector, from woven code. */
class SocketTest {

    @Async
    static Coroutine<Void> serve(ServerSocketChannel server, int clients) throws IOException {
        List<Task<Void>> handlers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            SocketChannel client = server.accept();
            while (client == null) {
                await(EventLoop.current().readable(server));
                client = server.accept();
            }
            handlers.add(Weft.spawn(echo(client)));
        }
        for (Task<Void> h : handlers) {
            await(h);
        }
        return Coroutine.done();
    }

    /** Echoes lines back upper-cased until the peer closes. */
    @Async
    static Coroutine<Void> echo(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        try {
            while (true) {
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    await(EventLoop.current().readable(channel));
                    continue;
                }
                buffer.flip();
                String text = StandardCharsets.UTF_8.decode(buffer).toString().toUpperCase();
                buffer.clear();
                ByteBuffer out = StandardCharsets.UTF_8.encode(text);
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        await(EventLoop.current().writable(channel));
                    }
                }
            }
        } finally {
            channel.close();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> client(InetSocketAddress address, String message) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        try {
            if (!channel.connect(address)) {
                await(EventLoop.current().writable(channel));
                channel.finishConnect();
            }
            ByteBuffer out = StandardCharsets.UTF_8.encode(message);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(EventLoop.current().writable(channel));
                }
            }
            StringBuilder reply = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(64);
            while (reply.length() < message.length()) {
                int n = channel.read(in);
                if (n == 0) {
                    await(EventLoop.current().readable(channel));
                    continue;
                }
                in.flip();
                reply.append(StandardCharsets.UTF_8.decode(in));
                in.clear();
            }
            return Coroutine.of(reply.toString());
        } finally {
            channel.close();
        }
    }

    @Async
    static Coroutine<List<String>> conversation(int clients) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.configureBlocking(false);
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        try {
            Task<Void> serving = Weft.spawn(serve(server, clients), "server");
            List<Task<String>> talks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                talks.add(Weft.spawn(client(address, "hello from client " + i + " " + "x".repeat(i * 50))));
            }
            List<String> replies = new ArrayList<>();
            for (Task<String> t : talks) {
                replies.add(await(t));
            }
            await(serving);
            return Coroutine.of(replies);
        } finally {
            server.close();
        }
    }

    @Test
    void manyClientsTalkToOneServerOnOneThread() throws Exception {
        List<String> replies = Weft.run(conversation(20));
        assertEquals(20, replies.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(("hello from client " + i + " " + "x".repeat(i * 50)).toUpperCase(), replies.get(i));
        }
    }

    @Async
    static Coroutine<String> cancelledReader() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.configureBlocking(false);
        try {
            Task<Void> waiting = Weft.spawn(waitForever(server));
            await(Weft.sleep(java.time.Duration.ofMillis(5)));
            waiting.cancel();
            try {
                await(waiting);
            } catch (dev.weft.CancelledException expected) {
                // the readiness wait was cancelled and its registration removed
            }
            return Coroutine.of("cancelled=" + waiting.isCancelled() + " still-watched=" + EventLoop.current().removeReader(server));
        } finally {
            server.close();
        }
    }

    @Async
    static Coroutine<Void> waitForever(ServerSocketChannel server) {
        await(EventLoop.current().readable(server));
        return Coroutine.done();
    }

    @Test
    void cancellingAReadinessWaitStopsWatchingTheChannel() throws Exception {
        assertEquals("cancelled=true still-watched=false", Weft.run(cancelledReader()));
    }
}
