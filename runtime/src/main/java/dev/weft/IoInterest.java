package dev.weft;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link EventLoop} watches one channel for: in each direction (reading, which includes accepting;
 * writing, which includes connecting), at most one lasting callback ({@link EventLoop#addReader}) and any number
 * of one-shot waits ({@link EventLoop#readable}), each its own registration: removing or cancelling one never
 * touches another (asyncio silently replaces a channel's reader; here a second lasting callback is refused).
 *
 * <p>Invariants (loop's thread only):
 * <ul>
 *   <li>the selection key's interest set is exactly the directions that have a callback or a wait;</li>
 *   <li>when nothing is left the key is cancelled and the interest forgotten ({@link IoSelector#dropped}): no key
 *       outlives its use, and a loop watching nothing lets virtual time advance;</li>
 *   <li>a one-shot wait leaves its list when it is completed (the channel became ready) or cancelled.</li>
 * </ul>
 */
final class IoInterest {
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final IoSelector selector;
    private final SelectableChannel channel;
    private final SelectionKey key;
    private Runnable reader;
    private Runnable writer;
    private final List<ReadinessWait> readWaits = new ArrayList<>(1);
    private final List<ReadinessWait> writeWaits = new ArrayList<>(1);
    /** Nothing was left to watch: the key is cancelled, and a later registration makes a new interest. */
    private boolean dropped;

    IoInterest(IoSelector selector, SelectableChannel channel, SelectionKey key) {
        this.selector = selector;
        this.channel = channel;
        this.key = key;
    }

    SelectableChannel channel() {
        return channel;
    }

    /** Sets the lasting callback of a direction; refuses a second one. */
    void setCallback(boolean reading, Runnable callback) {
        Runnable existing = reading ? reader : writer;
        if (existing != null && existing != callback) {
            throw new IllegalStateException(channel + " already has a " + (reading ? "reader" : "writer") + " callback ("
                    + existing + "); remove" + (reading ? "Reader" : "Writer") + " it first");
        }
        if (reading) {
            reader = callback;
        } else {
            writer = callback;
        }
        update();
    }

    /** Clears the lasting callback of a direction; returns whether there was one. */
    boolean clearCallback(boolean reading) {
        boolean had = (reading ? reader : writer) != null;
        if (reading) {
            reader = null;
        } else {
            writer = null;
        }
        update();
        return had;
    }

    void addWait(ReadinessWait wait) {
        (wait.reading() ? readWaits : writeWaits).add(wait);
        update();
    }

    /** A one-shot wait was cancelled: only its own registration goes. */
    void removeWait(ReadinessWait wait) {
        if ((wait.reading() ? readWaits : writeWaits).remove(wait)) {
            update();
        }
    }

    /** The selector reported the channel ready: queue the lasting callbacks, complete the one-shot waits. */
    void ready(ReadyQueue queue) {
        int ops;
        try {
            ops = key.readyOps();
        } catch (CancelledKeyException closed) {
            return;
        }
        List<ReadinessWait> done = null;
        if ((ops & READ_OPS) != 0) {
            if (reader != null) {
                queue.add(reader);
            }
            done = take(readWaits, null);
        }
        if ((ops & WRITE_OPS) != 0) {
            if (writer != null) {
                queue.add(writer);
            }
            done = take(writeWaits, done);
        }
        if (done != null) {
            update();
            for (ReadinessWait w : done) {
                w.becameReady();
            }
        }
    }

    private static List<ReadinessWait> take(List<ReadinessWait> waits, List<ReadinessWait> into) {
        if (waits.isEmpty()) {
            return into;
        }
        List<ReadinessWait> taken = into == null ? new ArrayList<>(waits) : into;
        if (into != null) {
            taken.addAll(waits);
        }
        waits.clear();
        return taken;
    }

    private void update() {
        if (dropped) {
            return;
        }
        int valid = channel.validOps();
        int ops = (reader != null || !readWaits.isEmpty() ? valid & READ_OPS : 0)
                | (writer != null || !writeWaits.isEmpty() ? valid & WRITE_OPS : 0);
        if (ops == 0) {
            dropped = true;
            key.cancel();
            selector.dropped(this);
        } else if (key.isValid()) {
            key.interestOps(ops);
        }
    }

    @Override
    public String toString() {
        return "IoInterest[" + channel + ", reader=" + reader + ", writer=" + writer + ", waits=" + readWaits.size()
                + "/" + writeWaits.size() + "]";
    }
}
