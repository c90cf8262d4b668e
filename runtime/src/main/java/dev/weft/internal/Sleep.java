package dev.weft.internal;

import dev.weft.EventLoop;
import dev.weft.TimerHandle;

import java.time.Duration;

/**
 * What {@code Weft.sleep} returns for a positive delay: done once its delay has passed on the loop of the
 * task that awaits it. The timer starts when it is first awaited. ({@code Weft.sleep(Duration.ZERO)} returns
 * the runtime's yield instead.) Cancelling it cancels the timer.
 */
public final class Sleep extends PromiseBacked<Void> implements Cancellable {
    private final long delayNanos;
    private TimerHandle timer;
    private boolean started;

    public Sleep(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("sleep duration is negative: " + delay);
        }
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 2;
        }
        this.delayNanos = Math.min(nanos, Long.MAX_VALUE / 2);
    }

    @Override
    public void whenDone(Runnable callback) {
        if (!started && !outcome.isDone()) { // a sleep cancelled before it was awaited arms no timer
            started = true;
            EventLoop loop = EventLoop.current();
            timer = loop.callAt(loop.nanoTime() + delayNanos, () -> {
                timer = null;
                outcome.complete(null);
            });
        }
        super.whenDone(callback);
    }

    @Override
    public boolean cancel(String message) {
        if (timer != null) {
            timer.cancel(); // leaves the loop's timer queue at once
            timer = null;
        }
        return outcome.cancel(message);
    }

    @Override
    public String toString() {
        return "Sleep[" + Duration.ofNanos(delayNanos) + (isDone() ? ", done]" : "]");
    }
}
