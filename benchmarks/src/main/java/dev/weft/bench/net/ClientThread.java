package dev.weft.bench.net;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * One thread of the {@link LoadClient}: a plain NIO {@link Selector} driving its share of the connections.
 * Nothing is allocated per round trip: ready keys are handed to a callback ({@code Selector.select(Consumer,
 * long)}), and each connection reuses its buffers.
 *
 * <p>Invariants: the connections are touched by this thread only while it runs; {@link #finish()} stops and
 * joins it, after which the caller may read them (the join orders their writes before its reads).
 */
final class ClientThread extends Thread {
    private final List<ClientConnection> connections;
    private final Selector selector;
    private volatile boolean measuring;
    private volatile boolean ending;
    private volatile boolean stop;
    private volatile Throwable crash;

    ClientThread(String name, List<ClientConnection> connections) throws IOException {
        super(name);
        setDaemon(true);
        this.connections = connections;
        this.selector = Selector.open();
    }

    static void setMeasuring(List<ClientThread> threads, boolean on) {
        for (ClientThread t : threads) {
            t.measuring = on;
        }
    }

    @Override
    public void run() {
        try {
            for (ClientConnection c : connections) {
                c.start(selector);
            }
            while (!stop) {
                boolean m = measuring;
                boolean e = ending;
                selector.select(key -> onReady(key, m, e), 100);
                if (e && noneOpen()) {
                    break;
                }
            }
        } catch (Throwable t) {
            crash = t;
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // the run is over
            }
        }
    }

    private boolean noneOpen() {
        for (ClientConnection c : connections) {
            if (c.isOpen()) {
                return false;
            }
        }
        return true;
    }

    private static void onReady(SelectionKey key, boolean measuring, boolean ending) {
        ClientConnection c = (ClientConnection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (key.isWritable()) {
            c.onWritable();
        }
        if (key.isValid() && key.isReadable()) {
            c.onReadable(measuring, ending);
        }
    }

    /**
     * Ends every connection in order (the request in flight comes back, then each side closes), waiting up to 5
     * s for that, then stops the thread (idempotent); rethrows what crashed it, if anything did.
     */
    void finish() throws InterruptedException {
        ending = true;
        selector.wakeup();
        join(5_000);
        stop = true;
        selector.wakeup();
        join(10_000);
        if (isAlive()) {
            throw new IllegalStateException(getName() + " did not stop within 10 s");
        }
        if (crash != null) {
            throw new IllegalStateException(getName() + " crashed", crash);
        }
    }
}
