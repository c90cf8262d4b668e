package dev.weft.internal;

import dev.weft.EventLoop;

import java.lang.ref.Cleaner;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debug mode's "coroutine was never awaited" warning: while a debug loop runs, every woven
 * coroutine records where it was created; if it is garbage-collected without ever having been started
 * (awaited, spawned, run) or closed, the loop's exception handler is told, with that place.
 */
public final class CoroutineTracking {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger DEBUG_LOOPS = new AtomicInteger();
    static volatile boolean enabled;
    /** Whether any debug loop ever ran: only then can a coroutine have a creation record to mark started. */
    static volatile boolean everEnabled;
    /** The creation records of tracked coroutines not started yet; weak keys, so tracking keeps nothing alive. */
    private static final Map<WovenCoroutine<?>, Creation> PENDING = Collections.synchronizedMap(new WeakHashMap<>());

    private CoroutineTracking() {
    }

    /** A debug loop starts running. */
    public static void enable() {
        DEBUG_LOOPS.incrementAndGet();
        everEnabled = true;
        enabled = true;
    }

    /** A debug loop stops running. */
    public static void disable() {
        if (DEBUG_LOOPS.decrementAndGet() <= 0) {
            enabled = false;
        }
    }

    /** The coroutine was started (awaited, spawned, run) or closed: it will not be reported. */
    static void started(WovenCoroutine<?> coroutine) {
        Creation c = PENDING.remove(coroutine);
        if (c != null) {
            c.started = true;
        }
    }

    static void track(WovenCoroutine<?> coroutine) {
        EventLoop loop;
        try {
            loop = EventLoop.current();
        } catch (IllegalStateException none) {
            loop = null;
        }
        Creation c = new Creation(coroutine.name(), loop);
        CLEANER.register(coroutine, c);
        PENDING.put(coroutine, c);
    }

    /** Where a coroutine was made and whether it ever started; shared with the Cleaner, never with the coroutine's data. */
    static final class Creation implements Runnable {
        private final String name;
        private final EventLoop loop;
        private final Throwable site;
        volatile boolean started;

        Creation(String name, EventLoop loop) {
            this.name = name;
            this.loop = loop;
            this.site = new Throwable("coroutine " + name + " was created here");
        }

        @Override
        public void run() {
            if (started) {
                return;
            }
            String message = "coroutine " + name + " was never awaited: calling an @Async method only creates"
                    + " the coroutine; await it, spawn it as a task, or run it";
            if (loop != null) {
                loop.report(message, site);
            } else {
                dev.weft.LoopExceptionHandler.logging().handle(null, message, site);
            }
        }
    }
}
