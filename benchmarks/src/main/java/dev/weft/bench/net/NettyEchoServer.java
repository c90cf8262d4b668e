package dev.weft.bench.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * The Netty anchor of the request/response benchmark: a line echo as Netty users write it, a
 * {@link LineBasedFrameDecoder} (the frames keep their {@code \n}) and a handler that writes each frame back as
 * it came (the same buffer, no copy) and flushes once per read burst ({@code channelReadComplete}).
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.net.NettyEchoServer [port] [workers]
 * </pre>
 *
 * One boss thread accepts; {@code workers} (2 by default) NIO event loops run the connections.
 *
 * <p>Invariants: the handler is stateless (one instance shared by every channel); each frame it receives is
 * released by the write that sends it back.
 */
public final class NettyEchoServer {
    private NettyEchoServer() {
    }

    /** Writes every frame back; one flush per burst of reads. */
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public boolean isSharable() {
            return true;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Echo echo = new Echo();
        NettyServers.serve(port, workers, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024, false, false), echo);
            }
        });
    }
}
