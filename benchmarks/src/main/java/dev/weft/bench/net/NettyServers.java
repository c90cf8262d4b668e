package dev.weft.bench.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;

/**
 * What the Netty anchors share: Netty 4.2's NIO transport with one boss thread that accepts and {@code workers}
 * worker threads (one {@code NioIoHandler} each) that run the connections, on 127.0.0.1; TCP_NODELAY on every
 * connection, as the Weft server sets it; Netty's default pooled allocator.
 *
 * <p>Invariants: {@link #serve} returns only when the server channel is closed (the benchmark stops the process).
 */
final class NettyServers {
    private NettyServers() {
    }

    /** Binds, prints {@code listening on PORT}, and serves until the channel closes. */
    static void serve(int port, int workers, ChannelHandler childInitializer) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup work = new MultiThreadIoEventLoopGroup(workers, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(boss, work)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(childInitializer)
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            System.out.println("listening on " + ((InetSocketAddress) server.localAddress()).getPort());
            System.out.flush();
            server.closeFuture().sync();
        } finally {
            boss.shutdownGracefully();
            work.shutdownGracefully();
        }
    }
}
