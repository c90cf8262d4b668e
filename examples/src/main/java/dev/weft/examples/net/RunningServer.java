package dev.weft.examples.net;

import dev.weft.EventLoop;
import dev.weft.LoopClosedException;
import dev.weft.io.Server;

/**
 * A handle on an example server started by {@link ServerMain}: the port it listens on, and {@link #stop()}, which
 * any thread may call. Stopping closes the listening socket, then the open connections, and {@link ServerMain#run}
 * returns once their handlers are done (or after a grace period), with every loop thread ended.
 *
 * <p>Invariants: {@code server} was started on {@code loop} and is only touched on that loop's thread.
 */
public final class RunningServer {
    private final Server server;
    private final EventLoop loop;

    RunningServer(Server server, EventLoop loop) {
        this.server = server;
        this.loop = loop;
    }

    /** The port listened on (the one the system chose when started with port 0). */
    public int port() {
        return server.port();
    }

    /** Stops the server; callable from any thread, more than once (a server already stopped stays so). */
    public void stop() {
        try {
            loop.callSoonThreadsafe(server::close);
        } catch (LoopClosedException alreadyStopped) {
            // its loop is gone, and the server with it
        }
    }

    @Override
    public String toString() {
        return "RunningServer[" + server + "]";
    }
}
