package dev.weft.transformer.testing;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program on a fresh daemon thread (its thread-locals, such as the event loop's, stay its own) with
 * a time limit, for the tests that run generated or woven code that might not terminate.
 */
public final class TimeLimited {
    private TimeLimited() {
    }

    /** The program's work. */
    public interface Program<T> {
        T call() throws Throwable;
    }

    /**
     * What a run gave: its value, or the failure that escaped it, or neither when it timed out.
     *
     * @param <T> the type of the value
     */
    public record Outcome<T>(T value, Throwable failure, boolean timedOut) {
    }

    /**
     * Runs {@code program} on a thread named {@code name} with a 16 MiB stack and waits at most
     * {@code timeoutSeconds}. A run that takes longer is stopped where the JDK still allows it (before JDK 20),
     * so that a runaway program does not keep a core busy; later JDKs leave the daemon thread behind.
     */
    @SuppressWarnings({"deprecation", "removal"})
    public static <T> Outcome<T> run(String name, long timeoutSeconds, Program<T> program) {
        BlockingQueue<Outcome<T>> result = new ArrayBlockingQueue<>(1);
        Thread thread = new Thread(null, () -> {
            Outcome<T> o;
            try {
                o = new Outcome<>(program.call(), null, false);
            } catch (Throwable t) {
                o = new Outcome<>(null, t, false);
            }
            result.add(o);
        }, name, 16L << 20);
        thread.setDaemon(true);
        thread.start();
        try {
            Outcome<T> o = result.poll(timeoutSeconds, TimeUnit.SECONDS);
            if (o != null) {
                return o;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            thread.stop();
        } catch (UnsupportedOperationException ignored) {
            // JDK 20+: the daemon thread is left behind
        }
        return new Outcome<>(null, null, true);
    }
}
