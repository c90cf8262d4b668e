package dev.weft.bench.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * The Netty anchor of the HTTP benchmark: the smallest HTTP/1.1 server as Netty users write it,
 * {@link HttpServerCodec} and a handler that answers every request with {@code 200 OK} and the body
 * {@code Hello, World!\n} (text/plain, Content-Length), keeps the connection open unless the request asks to
 * close it, and flushes once per read burst.
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.net.NettyHttpServer [port] [workers]
 * </pre>
 *
 * <p>Invariants: the handler is shared by every channel and holds only the body, a read-only buffer that is never
 * released (each response sends a duplicate of it); every message it receives is released.
 */
public final class NettyHttpServer {
    private static final byte[] BODY = "Hello, World!\n".getBytes(StandardCharsets.US_ASCII);

    private NettyHttpServer() {
    }

    /** Answers each request head; request bodies (wrk sends none) are released unread. */
    static final class Hello extends ChannelInboundHandlerAdapter {
        private final ByteBuf body = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(BODY)).asReadOnly();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                        body.duplicate());
                response.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
                if (keepAlive) {
                    if (!request.protocolVersion().isKeepAliveDefault()) {
                        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                    }
                    ctx.write(response);
                } else {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.write(response).addListener(ChannelFutureListener.CLOSE);
                }
            }
            ReferenceCountUtil.release(msg);
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
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Hello hello = new Hello();
        NettyServers.serve(port, workers, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), hello);
            }
        });
    }
}
