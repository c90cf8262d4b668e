package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;

/** What the subprocess tests share: a bounded run, and a wait for the end of a process's pump threads. */
final class SubprocessFixture {
    static final Duration BOUND = Duration.ofSeconds(20);

    private SubprocessFixture() {
    }

    /** Runs {@code body} on a fresh loop, failing it with a timeout after {@link #BOUND}. */
    static <T> T run(Coroutine<T> body) {
        return Weft.run(Weft.timeout(BOUND, body));
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** The pump threads of process {@code pid} still alive. */
    static List<String> pumpsOf(long pid) {
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("weft-pipe-" + pid + "-")) {
                alive.add(t.getName());
            }
        }
        return alive;
    }

    /** Done once every pump thread of process {@code pid} has ended. */
    @Async
    static Coroutine<Void> pumpsEnd(long pid) {
        while (!pumpsOf(pid).isEmpty()) {
            await(Weft.sleep(ms(10)));
        }
        return Coroutine.done();
    }
}
