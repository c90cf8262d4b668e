package dev.weft.io;

import dev.weft.AsyncCloseable;
import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.Promise;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;
import java.util.Objects;

/**
 * A UDP socket driven by the event loop: asyncio's {@code create_datagram_endpoint}, shaped as awaitable calls
 * instead of a protocol's callbacks.
 *
 * <pre>{@code
 * DatagramEndpoint server = await(DatagramEndpoint.bind("127.0.0.1", 5353));
 * Datagram request = await(server.receive());
 * await(server.send(answer(request.data()), request.sender()));
 *
 * DatagramEndpoint client = await(DatagramEndpoint.connect("127.0.0.1", 5353));
 * await(client.send(question));
 * byte[] reply = await(client.receive()).data();
 * }</pre>
 *
 * <p>{@link #receive()} and {@link #send} run inside the awaiting task: they try the non-blocking socket call and,
 * when there is no datagram yet (or no room in the send buffer), wait for the socket's readiness and try again.
 * Several tasks may wait on one endpoint; each datagram goes to one of them. A receive that is cancelled (its
 * task cancelled, a timeout) took nothing: the datagram stays for the next receive.
 *
 * <p>Where it differs from asyncio, and what UDP does:
 * <ul>
 *   <li>A <em>connected</em> endpoint ({@code remote} given) receives only its peer's datagrams and sends with
 *       {@link #send(byte[])}. When the peer's port is closed, the operating system reports the ICMP "port
 *       unreachable" it got for an earlier datagram by failing the next {@code receive} or {@code send} with a
 *       {@link java.net.PortUnreachableException} (asyncio calls {@code error_received}); the endpoint stays open
 *       and the error is reported once. An unconnected endpoint hears no such errors (Linux, and most systems).</li>
 *   <li>A datagram longer than {@link #maxDatagramSize()} (65507 bytes by default, the most IPv4 carries) is cut
 *       to that size by the operating system when received, and a send of a longer one fails with an
 *       {@link IOException}; so does a send the operating system refuses as too long for the protocol.</li>
 *   <li>UDP may drop or reorder datagrams, on loopback too when the receiver's socket buffer is full:
 *       {@code send} completes once the datagram was handed to the operating system, not once it arrived.</li>
 *   <li>{@link #close()} closes at once (nothing is buffered here to flush): a receive or send waiting then fails
 *       with {@link java.nio.channels.AsynchronousCloseException}, and any later one with
 *       {@link java.nio.channels.ClosedChannelException}.</li>
 * </ul>
 * Use an endpoint on the thread of the loop that opened it.
 *
 * <p>Invariants: {@code closeSignal} is completed exactly when the endpoint is closed, after the channel was;
 * {@code local} is where the socket was bound and {@code remote} its peer or null, both fixed at open;
 * {@code maxDatagramSize} is between 1 and {@link #LARGEST_DATAGRAM}.
 */
public final class DatagramEndpoint implements AsyncCloseable, AutoCloseable {
    /** The default of {@link #maxDatagramSize()}: the largest UDP payload over IPv4. */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = 65_507;
    /** The largest value {@link #setMaxDatagramSize} takes: a UDP length field's limit. */
    public static final int LARGEST_DATAGRAM = 65_535;

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final Promise<Void> closeSignal = new Promise<>();
    private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;

    DatagramEndpoint(EventLoop loop, DatagramChannel channel) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
    }

    /**
     * Opens a UDP socket bound to {@code local} and, when {@code remote} is not null, connected to it. A null
     * {@code local} binds a free port on the wildcard address. An unresolved {@link InetSocketAddress} is resolved
     * first, on a worker thread (the first address of the name); a name that does not resolve fails the open with
     * {@link java.net.UnknownHostException}. Other address types (Unix domain) are refused by the JDK.
     */
    public static IoCoroutine<DatagramEndpoint> open(SocketAddress local, SocketAddress remote) {
        return IoCoroutine.of("dev.weft.io.DatagramEndpoint.open", new DatagramOpen(local, remote));
    }

    /** An endpoint bound to {@code host}:{@code port} (host null or empty: the wildcard address; port 0: any free port). */
    public static IoCoroutine<DatagramEndpoint> bind(String host, int port) {
        Connection.checkPort(port);
        SocketAddress local = host == null || host.isEmpty() ? new InetSocketAddress(port)
                : InetSocketAddress.createUnresolved(host, port);
        return open(local, null);
    }

    /** An endpoint on a free local port, connected to {@code host}:{@code port}. */
    public static IoCoroutine<DatagramEndpoint> connect(String host, int port) {
        Objects.requireNonNull(host, "host");
        Connection.checkPort(port);
        return open(null, InetSocketAddress.createUnresolved(host, port));
    }

    /** The next datagram; see the class comment for what a connected endpoint's receive may report. */
    public IoCoroutine<Datagram> receive() {
        return IoCoroutine.of("dev.weft.io.DatagramEndpoint.receive", new DatagramReceive(this));
    }

    /**
     * Sends {@code data} as one datagram to {@code to} (a resolved address); done once the operating system took
     * it. On a connected endpoint {@code to} must be null or its peer.
     *
     * @throws IllegalArgumentException if the endpoint is connected to another address
     * @throws NotYetConnectedException if {@code to} is null and the endpoint is not connected
     */
    public IoCoroutine<Void> send(byte[] data, SocketAddress to) {
        Objects.requireNonNull(data, "data");
        if (remote == null && to == null) {
            throw new NotYetConnectedException();
        }
        if (remote != null && to != null && !remote.equals(to)) {
            throw new IllegalArgumentException("endpoint is connected to " + remote + ", cannot send to " + to);
        }
        return IoCoroutine.of("dev.weft.io.DatagramEndpoint.send", new DatagramSend(this, data, remote != null ? null : to));
    }

    /** Sends {@code data} to the peer of a connected endpoint. */
    public IoCoroutine<Void> send(byte[] data) {
        return send(data, null);
    }

    /** Where the socket is bound (the port chosen, when it was 0). */
    public SocketAddress localAddress() {
        return local;
    }

    /** The port the socket is bound to. */
    public int port() {
        return ((InetSocketAddress) local).getPort();
    }

    /** The peer of a connected endpoint, else null. */
    public SocketAddress remoteAddress() {
        return remote;
    }

    /** The most bytes a datagram received holds and a datagram sent may hold. */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /** Sets {@link #maxDatagramSize()}, from 1 to {@link #LARGEST_DATAGRAM}; it applies to the next receive or send. */
    public void setMaxDatagramSize(int bytes) {
        if (bytes < 1 || bytes > LARGEST_DATAGRAM) {
            throw new IllegalArgumentException("max datagram size must be 1 to " + LARGEST_DATAGRAM + ": " + bytes);
        }
        maxDatagramSize = bytes;
    }

    /**
     * Sets a socket option ({@link java.net.StandardSocketOptions#SO_RCVBUF}, {@code SO_BROADCAST},
     * {@code IP_MULTICAST_TTL}, ...), as {@link DatagramChannel#setOption} does.
     */
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        channel.setOption(option, value);
    }

    /** A socket option's value, as {@link DatagramChannel#getOption} gives it. */
    public <T> T getOption(SocketOption<T> option) throws IOException {
        return channel.getOption(option);
    }

    /**
     * Closes the socket at once; waiting receives and sends fail. Idempotent. Since it never needs to suspend,
     * try-with-resources closes an endpoint as well as {@link #closeAsync()} does.
     */
    @Override
    public void close() {
        if (closeSignal.isDone()) {
            return;
        }
        Transport.closeQuietly(channel);
        closeSignal.complete(null);
    }

    /** Closes; the awaitable is done at once, nothing being left to flush. */
    @Override
    public Awaitable<Void> closeAsync() {
        close();
        return closeSignal;
    }

    public boolean isClosed() {
        return closeSignal.isDone();
    }

    DatagramChannel channel() {
        return channel;
    }

    Awaitable<Void> closeSignal() {
        return closeSignal;
    }

    /** A one-shot wait until the socket can be read ({@code reading}) or written. */
    Awaitable<Void> readiness(boolean reading) {
        return reading ? loop.readable(channel) : loop.writable(channel);
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[" + local + (remote != null ? " -> " + remote : "") + (isClosed() ? ", closed]" : "]");
    }
}
