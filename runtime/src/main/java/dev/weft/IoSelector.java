package dev.weft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;

/**
 * Where one {@link EventLoop} blocks when it has nothing to run: a {@link Selector} once a channel was watched,
 * before that a plain park of the loop's thread; and the channels it watches, each with its {@link IoInterest}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>the selector is opened on the first registration and closed with the loop; {@code watched} counts the
 *       channels with a live interest (a key whose interest set is not empty);</li>
 *   <li>registrations, polls and their callbacks happen on the loop's thread; {@link #wakeUp} may be called from
 *       any thread and is never lost: a selector wake-up or an unpark made before the loop blocks makes its next
 *       block return at once;</li>
 *   <li>a channel whose key was cancelled (nothing left to watch) is registered afresh when watched again: the
 *       cancelled key is flushed from the selector first.</li>
 * </ul>
 */
final class IoSelector {
    private final EventLoop loop;
    private volatile Selector selector;
    private int watched;

    IoSelector(EventLoop loop) {
        this.loop = loop;
    }

    /** Whether any channel is watched (a loop on virtual time may then not jump ahead). */
    boolean watchesAny() {
        return watched > 0;
    }

    /** Whether a selector exists, so a pass that does not block still polls it. */
    boolean isOpen() {
        return selector != null;
    }

    /** The interest of {@code channel}, registering the channel (non-blocking) if it is not watched yet. */
    IoInterest interest(SelectableChannel channel) {
        java.util.Objects.requireNonNull(channel, "channel");
        try {
            Selector s = selector;
            if (s == null) {
                s = Selector.open();
                selector = s;
            }
            SelectionKey key = channel.keyFor(s);
            if (key != null && key.isValid()) {
                return (IoInterest) key.attachment();
            }
            if (key != null) {
                s.selectNow(); // flush the cancelled key, or registering again fails; what it selects is kept for the next poll
            }
            if (channel.isBlocking()) {
                channel.configureBlocking(false);
            }
            key = channel.register(s, 0);
            IoInterest interest = new IoInterest(this, channel, key);
            key.attach(interest);
            watched++;
            return interest;
        } catch (ClosedChannelException e) {
            throw new IllegalArgumentException("channel is closed: " + channel, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + channel, e);
        }
    }

    /** A one-shot wait for {@code channel}'s readiness, registered now. */
    ReadinessWait waitFor(SelectableChannel channel, boolean reading) {
        IoInterest interest = interest(channel);
        ReadinessWait wait = new ReadinessWait(interest, reading);
        interest.addWait(wait);
        return wait;
    }

    /** Clears the lasting callback of one direction of {@code channel}; false if it had none. */
    boolean clearCallback(SelectableChannel channel, boolean reading) {
        Selector s = selector;
        SelectionKey key = s == null ? null : channel.keyFor(s);
        return key != null && key.isValid() && ((IoInterest) key.attachment()).clearCallback(reading);
    }

    /** An interest has nothing left to watch; its key was cancelled. */
    void dropped(IoInterest interest) {
        watched--;
    }

    /**
     * Waits up to {@code timeoutNanos} (0: not at all, -1: without limit) for I/O or a {@link #wakeUp}, then hands
     * the ready channels' callbacks and waits to {@code ready}.
     */
    void poll(long timeoutNanos, ReadyQueue ready) {
        Selector s = selector;
        if (s == null) {
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else if (timeoutNanos > 0) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
            return;
        }
        try {
            if (timeoutNanos == 0) {
                s.selectNow();
            } else if (timeoutNanos < 0) {
                s.select();
            } else {
                s.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
        } catch (IOException e) {
            loop.report("selector failed", e);
            return;
        }
        Iterator<SelectionKey> keys = s.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Object interest = key.attachment();
            if (interest != null) {
                try {
                    ((IoInterest) interest).ready(ready);
                } catch (CancelledKeyException closedMeanwhile) {
                    // the channel was closed by a callback of this same poll
                }
            }
        }
    }

    /** Makes the loop's current or next block return at once. Any thread. */
    void wakeUp() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
        Thread t = loop.runningThread();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Closes the selector; every watched channel's key is cancelled (the channels stay open). */
    void close() {
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                loop.report("closing the selector failed", e);
            }
        }
        watched = 0;
    }
}
