package dev.weft.io;

import dev.weft.AsyncCloseable;
import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.LoopClosedException;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A listening socket that runs a {@link StreamHandler} task for every connection it accepts (asyncio's
 * {@code start_server}). It accepts from the moment {@code start} returns; {@link #close()} stops accepting,
 * {@link #waitClosed()} waits until every handler finished, {@link #closeClients()} closes the connections still
 * open. A handler that fails is reported to its loop's exception handler and its connection closed; the server
 * goes on. On an {@link EventLoopGroup}, one loop accepts and each connection runs on the group's next loop.
 *
 * <p>Invariants: the listening channel is watched by the accepting loop until {@link #close()}; {@code live}
 * counts the connections accepted whose handler has not finished (counted before they are handed to their loop,
 * so its all-done signal cannot fire while one is on its way); {@code clients} holds the started connections'
 * transports, each used only on its own loop.
 */
public final class Server implements AsyncCloseable {
    private static final int ACCEPTS_PER_WAKE = 64;

    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private final SocketAddress address;
    private final StreamHandler handler;
    private final Supplier<EventLoop> placement;
    private final SSLContext tls;
    private final LiveConnections live = new LiveConnections();
    private final Set<Transport> clients = ConcurrentHashMap.newKeySet();

    private Server(EventLoop loop, ServerSocketChannel channel, StreamHandler handler, Supplier<EventLoop> placement,
                   SSLContext tls) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.address = channel.getLocalAddress();
        this.handler = handler;
        this.placement = placement;
        this.tls = tls;
        loop.addReader(channel, this::onAcceptable);
    }

    /** Listens on {@code host}:{@code port} (host null for every interface, port 0 for any free port). */
    public static IoCoroutine<Server> start(StreamHandler handler, String host, int port) {
        return start(handler, host, port, null);
    }

    /** Like {@link #start(StreamHandler, String, int)}, with TLS when {@code tls} is not null. */
    public static IoCoroutine<Server> start(StreamHandler handler, String host, int port, SSLContext tls) {
        return start(handler, host, port, tls, null);
    }

    /** Listens on the Unix domain socket {@code path} (which must not exist; removed again by {@link #close()}). */
    public static IoCoroutine<Server> startUnix(StreamHandler handler, Path path) {
        java.util.Objects.requireNonNull(handler, "handler");
        SocketAddress address = UnixDomainSocketAddress.of(path);
        return IoCoroutine.of("dev.weft.io.Server.startUnix",
                () -> listen(EventLoop.current(), address, handler, null, null));
    }

    /** {@code placement} chooses the loop of each connection; null runs them on the accepting loop. */
    static IoCoroutine<Server> start(StreamHandler handler, String host, int port, SSLContext tls,
                                     Supplier<EventLoop> placement) {
        java.util.Objects.requireNonNull(handler, "handler");
        Connection.checkPort(port);
        boolean wildcard = host == null || host.isEmpty();
        return IoCoroutine.of("dev.weft.io.Server.start", new IoCoroutine.Attempt() {
            /** The name's resolution, started by the first try: calling start runs nothing. */
            private Awaitable<java.net.InetAddress> resolving;

            @Override
            public Object attempt() throws IOException {
                if (!wildcard && resolving == null) {
                    resolving = dev.weft.Weft.toThread(() -> java.net.InetAddress.getByName(host));
                    return IoCoroutine.retryAfter(resolving);
                }
                SocketAddress at = wildcard ? new InetSocketAddress(port) : new InetSocketAddress(resolving.result(), port);
                return listen(EventLoop.current(), at, handler, tls, placement);
            }
        });
    }

    private static Server listen(EventLoop loop, SocketAddress at, StreamHandler handler, SSLContext tls,
                                 Supplier<EventLoop> placement) throws IOException {
        boolean unix = at instanceof UnixDomainSocketAddress;
        ServerSocketChannel channel = unix ? ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                : ServerSocketChannel.open();
        try {
            if (!unix) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            channel.bind(at, 1024);
            channel.configureBlocking(false);
            return new Server(loop, channel, handler, placement != null ? placement : () -> loop, tls);
        } catch (IOException | RuntimeException e) {
            Transport.closeQuietly(channel);
            throw e;
        }
    }

    /** The port listened on (the one chosen when started with port 0); -1 for a Unix domain socket. */
    public int port() {
        return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getPort() : -1;
    }

    /** The address listened on. */
    public SocketAddress address() {
        return address;
    }

    /** The loop that accepts; {@link #close()} must be called on it. */
    public EventLoop loop() {
        return loop;
    }

    /** Whether the server still accepts connections. */
    public boolean isServing() {
        return !live.isClosed();
    }

    /** How many connections are open (accepted, their handler not finished). */
    public int connectionCount() {
        return live.count();
    }

    /** Waits until the server is closed; cancelling the wait closes it (asyncio's {@code serve_forever}). */
    public IoCoroutine<Void> serveForever() {
        return IoCoroutine.of("dev.weft.io.Server.serveForever", new IoCoroutine.Attempt() {
            @Override
            public Object attempt() {
                return live.isClosed() ? null : IoCoroutine.retryAfter(dev.weft.Shield.shield(live.closedSignal()));
            }

            @Override
            public void abandoned() {
                close();
            }
        });
    }

    /** Stops accepting and closes the listening socket; open connections go on. Call on the server's loop. */
    public void close() {
        if (live.isClosed()) {
            return;
        }
        if (channel.isOpen()) {
            if (!loop.isClosed()) {
                loop.removeReader(channel);
            }
            Transport.closeQuietly(channel);
        }
        if (address instanceof UnixDomainSocketAddress) {
            try {
                Files.deleteIfExists(((UnixDomainSocketAddress) address).getPath());
            } catch (IOException ignored) {
                // the socket file is gone or not ours to remove: nothing listens on it any more
            }
        }
        live.close(); // last: whoever waits for the close finds the socket closed and its file gone
    }

    /** Closes every open connection (their handlers' reads see the end of the stream). */
    public void closeClients() {
        for (Transport t : clients) {
            onLoopOf(t, t::close);
        }
    }

    /** Done once the server is closed and every handler finished. */
    public IoCoroutine<Void> waitClosed() {
        return IoCoroutine.of("dev.weft.io.Server.waitClosed", () -> live.allDone().isDone() ? null
                : IoCoroutine.retryAfter(dev.weft.Shield.shield(live.allDone())));
    }

    /** {@link #close()}, then {@link #waitClosed()}. */
    @Override
    public Awaitable<Void> closeAsync() {
        close();
        return waitClosed();
    }

    private void onAcceptable() {
        for (int i = 0; i < ACCEPTS_PER_WAKE && !live.isClosed(); i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                loop.report("accept failed on " + address + "; the server goes on", e);
                return;
            }
            if (accepted == null) {
                return;
            }
            live.opened();
            EventLoop target = placement.get();
            if (target == loop) {
                begin(loop, accepted);
            } else {
                try {
                    target.callSoonThreadsafe(() -> begin(target, accepted));
                } catch (LoopClosedException e) {
                    Transport.closeQuietly(accepted);
                    live.finished();
                }
            }
        }
    }

    private void begin(EventLoop on, SocketChannel accepted) {
        Transport transport;
        try {
            accepted.configureBlocking(false);
            if (!(address instanceof UnixDomainSocketAddress)) {
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            StreamReader reader = new StreamReader();
            transport = tls == null ? new SocketTransport(on, accepted, reader) : TlsTransport.server(on, accepted, reader, tls);
            transport.start();
        } catch (IOException | RuntimeException e) {
            on.report("could not set up a connection accepted on " + address, e);
            Transport.closeQuietly(accepted);
            live.finished();
            return;
        }
        clients.add(transport);
        SocketAddress peer = transport.peerAddress();
        dev.weft.Task<Void> task;
        try {
            task = on.createTask(handler.handle(transport.reader, new StreamWriter(transport)), "connection " + peer);
        } catch (IOException | RuntimeException e) {
            on.report("the handler of " + address + " failed to start for " + peer, e);
            ended(transport);
            return;
        }
        task.whenDone(() -> {
            Throwable failure = task.isCancelled() ? null : task.exception();
            if (failure != null) {
                on.report("the handler of " + address + " failed for " + peer + "; the server goes on", failure);
            }
            ended(transport);
        });
    }

    private void ended(Transport transport) {
        transport.close();
        clients.remove(transport);
        live.finished();
    }

    private static void onLoopOf(Transport t, Runnable action) {
        if (t.loop.isClosed()) {
            return;
        }
        try {
            t.loop.callSoonThreadsafe(action);
        } catch (LoopClosedException ignored) {
            // the connection's loop closed: its sockets went with it
        }
    }

    @Override
    public String toString() {
        return "Server[" + address + (live.isClosed() ? ", closed" : "") + ", " + live.count() + " connections]";
    }
}
