package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.Server;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A chat server on one event loop: a client sends its nickname, then each line it sends is broadcast to the other
 * clients as {@code nick: line}; joins and leaves are announced ({@link ChatRoom}). Writing to a client never
 * waits, so a slow client holds up nobody: once more than the write cap (1 MiB by default) waits to be sent to it,
 * it is disconnected, with a last line saying why. Run it with {@code ChatServer [port]} (7001 by default); it
 * prints {@code listening on PORT}. Try it with {@code nc localhost 7001} in a few terminals.
 */
public final class ChatServer {
    static final int DEFAULT_WRITE_CAP = 1024 * 1024;

    private ChatServer() {
    }

    /** {@code ChatServer [port]}: serves until the process is stopped. */
    public static void main(String[] args) throws IOException {
        run(args, running -> {
            System.out.println("listening on " + running.port());
            System.out.flush();
        });
    }

    /** What {@code main} does, handing the running server to {@code listening} (to stop it); blocks until stopped. */
    public static void run(String[] args, Consumer<? super RunningServer> listening) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7001;
        ServerMain.run(new ChatRoom(DEFAULT_WRITE_CAP)::handle, null, port, 1, listening);
    }

    /**
     * Starts a chat room on the awaiting loop, disconnecting a client once more than {@code writeCap} bytes wait to
     * be sent to it; close the returned {@link Server} to stop it.
     */
    @Async
    public static Coroutine<Server> start(String host, int port, int writeCap) {
        ChatRoom room = new ChatRoom(writeCap);
        return Weft.startServer(room::handle, host, port);
    }
}
