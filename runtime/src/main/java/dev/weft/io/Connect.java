package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.Weft;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * The steps of {@link Connection#open}: resolve the name on a worker thread, connect to each address in turn
 * without blocking, then (TLS) wait for the handshake. Each step that cannot finish at once is waited for by
 * the {@link IoCoroutine} that runs this, and a cancellation there closes the socket being connected.
 *
 * <p>Invariants: {@code connecting} is the one socket not yet connected, or null; {@code transport}, once set,
 * is the connection being handed over and nothing else is open.
 */
final class Connect implements IoCoroutine.Attempt {
    private final String host;
    private final int port;
    private final SSLContext tls;
    private Awaitable<InetAddress[]> resolving;
    private SocketAddress[] addresses;
    private int next;
    private SocketChannel connecting;
    private Transport transport;
    private IOException firstFailure;

    Connect(String host, int port, SocketAddress address, SSLContext tls) {
        InetSocketAddress inet = host == null && address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
        this.host = inet != null ? inet.getHostString() : host; // an unresolved address is resolved; TLS checks its name
        this.port = inet != null ? inet.getPort() : port;
        this.tls = tls;
        if (address != null && !(address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved())) {
            addresses = new SocketAddress[] {address};
        }
    }

    @Override
    public Object attempt() throws IOException {
        if (transport != null) {
            return connected(); // the TLS handshake finished
        }
        if (addresses == null) {
            if (resolving == null) {
                String name = host;
                resolving = Weft.toThread(() -> InetAddress.getAllByName(name));
                return IoCoroutine.retryAfter(resolving);
            }
            InetAddress[] found = resolving.result();
            addresses = new SocketAddress[found.length];
            for (int i = 0; i < found.length; i++) {
                addresses[i] = new InetSocketAddress(found[i], port);
            }
        }
        if (connecting != null) {
            SocketChannel channel = connecting;
            connecting = null;
            try {
                channel.finishConnect();
                return start(channel);
            } catch (IOException e) {
                failed(channel, e);
            }
        }
        while (next < addresses.length) {
            SocketAddress address = addresses[next++];
            SocketChannel channel = null;
            try {
                channel = address instanceof UnixDomainSocketAddress
                        ? SocketChannel.open(java.net.StandardProtocolFamily.UNIX) : SocketChannel.open();
                channel.configureBlocking(false);
                if (channel.connect(address)) {
                    return start(channel);
                }
                connecting = channel;
                return IoCoroutine.retryAfter(EventLoop.current().writable(channel));
            } catch (IOException e) {
                failed(channel, e);
            }
        }
        throw firstFailure != null ? firstFailure : new ConnectException("no address to connect to");
    }

    @Override
    public void abandoned() {
        Transport.closeQuietly(connecting);
        connecting = null;
        if (transport != null) {
            transport.abort();
        }
    }

    private Object start(SocketChannel channel) throws IOException {
        boolean unix = channel.getRemoteAddress() instanceof UnixDomainSocketAddress;
        if (!unix) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        EventLoop loop = EventLoop.current();
        StreamReader reader = new StreamReader();
        transport = tls == null ? new SocketTransport(loop, channel, reader)
                : TlsTransport.client(loop, channel, reader, tls, host, port);
        transport.start();
        Awaitable<Void> ready = transport.ready();
        return ready == null ? connected() : IoCoroutine.retryAfter(ready);
    }

    private Connection connected() {
        Transport t = transport;
        transport = null;
        return new Connection(t.reader, new StreamWriter(t));
    }

    private void failed(SocketChannel channel, IOException e) {
        Transport.closeQuietly(channel);
        SocketAddress address = addresses[next - 1];
        IOException named = e.getMessage() != null && e.getMessage().contains(address.toString()) ? e
                : withAddress(e, address);
        if (firstFailure == null) {
            firstFailure = named;
        } else {
            firstFailure.addSuppressed(named);
        }
    }

    private static IOException withAddress(IOException e, SocketAddress address) {
        if (!(e instanceof ConnectException)) {
            return new IOException(e.getMessage() + ": " + address, e);
        }
        ConnectException named = new ConnectException(e.getMessage() + ": " + address); // no (message, cause) constructor
        named.initCause(e);
        return named;
    }
}
