package dev.weft.internal;

import dev.weft.Awaitable;
import dev.weft.EventLoop;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Queue;

/**
 * What an event loop watches one channel for: at most one reader callback (read or accept readiness) and
 * one writer callback (write or connect readiness). It is the attachment of the channel's selection key and
 * keeps the key's interest set equal to what has a callback. Loop thread only.
 */
public final class IoInterest {
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final SelectableChannel channel;
    private SelectionKey key;
    private Runnable reader;
    private Runnable writer;

    public IoInterest(SelectableChannel channel) {
        this.channel = channel;
    }

    public void bind(SelectionKey key) {
        this.key = key;
    }

    /** Sets (or with null clears) the reader; returns whether there was one. */
    public boolean setReader(Runnable callback) {
        boolean had = reader != null;
        reader = callback;
        updateInterest();
        return had;
    }

    /** Sets (or with null clears) the writer; returns whether there was one. */
    public boolean setWriter(Runnable callback) {
        boolean had = writer != null;
        writer = callback;
        updateInterest();
        return had;
    }

    public boolean hasReader() {
        return reader != null;
    }

    public boolean hasWriter() {
        return writer != null;
    }

    private void updateInterest() {
        int valid = channel.validOps();
        int ops = (reader != null ? valid & READ_OPS : 0) | (writer != null ? valid & WRITE_OPS : 0);
        if (key.isValid()) {
            key.interestOps(ops);
        }
    }

    /** Queues the callbacks whose readiness the selector reported. */
    public void ready(SelectionKey selected, Queue<Runnable> readyQueue) {
        int ops;
        try {
            ops = selected.readyOps();
        } catch (CancelledKeyException closed) {
            return;
        }
        if ((ops & READ_OPS) != 0 && reader != null) {
            readyQueue.add(reader);
        }
        if ((ops & WRITE_OPS) != 0 && writer != null) {
            readyQueue.add(writer);
        }
    }

    /** A one-shot awaitable of the channel's read (or write) readiness; cancelling it stops watching. */
    public static Awaitable<Void> once(EventLoop loop, SelectableChannel channel, boolean reading) {
        OnceReady waiter = new OnceReady(loop, channel, reading);
        if (reading) {
            loop.addReader(channel, waiter);
        } else {
            loop.addWriter(channel, waiter);
        }
        return waiter;
    }

    private static final class OnceReady extends PromiseBacked<Void> implements Runnable, Cancellable {
        private final EventLoop loop;
        private final SelectableChannel channel;
        private final boolean reading;

        OnceReady(EventLoop loop, SelectableChannel channel, boolean reading) {
            this.loop = loop;
            this.channel = channel;
            this.reading = reading;
        }

        @Override
        public void run() {
            unwatch();
            outcome.complete(null);
        }

        @Override
        public boolean cancel(String message) {
            if (!outcome.isDone()) {
                unwatch();
            }
            return outcome.cancel(message);
        }

        private void unwatch() {
            if (loop.isClosed()) {
                return;
            }
            if (reading) {
                loop.removeReader(channel);
            } else {
                loop.removeWriter(channel);
            }
        }

        @Override
        public String toString() {
            return (reading ? "readable(" : "writable(") + channel + ")";
        }
    }
}
