package dev.weft.io;

import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.Weft;
import dev.weft.internal.Outcomes;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/**
 * The steps of {@link DatagramEndpoint#open}: resolve the names of unresolved addresses on worker threads (both
 * at once), then open the socket, bind it and, for a connected endpoint, connect it, none of which blocks.
 *
 * <p>Invariants: {@code local} and {@code remote} are resolved (or null) once their lookups are done; a lookup
 * is started at most once; the socket is opened in the last try alone, so a cancelled open leaves nothing open.
 */
final class DatagramOpen implements IoCoroutine.Attempt {
    private SocketAddress local;
    private SocketAddress remote;
    private Awaitable<InetAddress> resolvingLocal;
    private Awaitable<InetAddress> resolvingRemote;
    private boolean started;

    DatagramOpen(SocketAddress local, SocketAddress remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public Object attempt() throws IOException {
        if (!started) {
            started = true;
            resolvingLocal = lookUp(local);
            resolvingRemote = lookUp(remote);
        }
        if (resolvingLocal != null) {
            if (!resolvingLocal.isDone()) {
                return IoCoroutine.retryAfter(resolvingLocal);
            }
            local = resolved(resolvingLocal, local);
            resolvingLocal = null;
        }
        if (resolvingRemote != null) {
            if (!resolvingRemote.isDone()) {
                return IoCoroutine.retryAfter(resolvingRemote);
            }
            remote = resolved(resolvingRemote, remote);
            resolvingRemote = null;
        }
        return openNow(EventLoop.current());
    }

    private static Awaitable<InetAddress> lookUp(SocketAddress address) {
        if (!(address instanceof InetSocketAddress) || !((InetSocketAddress) address).isUnresolved()) {
            return null;
        }
        String name = ((InetSocketAddress) address).getHostString();
        return Weft.toThread(() -> InetAddress.getByName(name));
    }

    /** The lookup's address with the port asked for; its failure (UnknownHostException) as it is. */
    private static SocketAddress resolved(Awaitable<InetAddress> lookup, SocketAddress asked) throws IOException {
        Throwable failure = lookup.exception();
        if (failure instanceof IOException) {
            throw (IOException) failure;
        }
        if (failure != null) {
            throw Outcomes.sneakyThrow(failure);
        }
        return new InetSocketAddress(lookup.result(), ((InetSocketAddress) asked).getPort());
    }

    private DatagramEndpoint openNow(EventLoop loop) throws IOException {
        ProtocolFamily family = familyOf(local, familyOf(remote, null));
        DatagramChannel channel = family == null ? DatagramChannel.open() : DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            channel.bind(local);
            if (remote != null) {
                channel.connect(remote);
            }
            return new DatagramEndpoint(loop, channel);
        } catch (IOException | RuntimeException e) {
            Transport.closeQuietly(channel);
            throw e;
        }
    }

    /**
     * The protocol family an address needs, else {@code otherwise}: a wildcard says nothing, so a socket bound to
     * the wildcard with no peer is the platform's default, dual stack where IPv6 is there.
     */
    private static ProtocolFamily familyOf(SocketAddress address, ProtocolFamily otherwise) {
        if (!(address instanceof InetSocketAddress)) {
            return otherwise;
        }
        InetAddress ip = ((InetSocketAddress) address).getAddress();
        if (ip == null || ip.isAnyLocalAddress()) {
            return otherwise;
        }
        return ip instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
