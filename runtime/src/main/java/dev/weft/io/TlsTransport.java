package dev.weft.io;

import dev.weft.EventLoop;

import javax.net.ssl.SSLContext;
import java.nio.channels.SocketChannel;

/** PLACEHOLDER until the TLS transport lands. */
abstract class TlsTransport extends Transport {
    TlsTransport(EventLoop loop, StreamReader reader) {
        super(loop, reader);
    }

    static Transport client(EventLoop loop, SocketChannel channel, StreamReader reader, SSLContext tls, String host, int port) {
        throw new UnsupportedOperationException("TLS");
    }

    static Transport server(EventLoop loop, SocketChannel channel, StreamReader reader, SSLContext tls) {
        throw new UnsupportedOperationException("TLS");
    }
}
