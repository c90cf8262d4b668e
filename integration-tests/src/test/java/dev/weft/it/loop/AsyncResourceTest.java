package dev.weft.it.loop;

import dev.weft.AsyncCloseable;
import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** Async resources (seed 36.16): closing that suspends, with try/finally and with Weft.using. */
class AsyncResourceTest {

    /** A resource whose close takes a loop pass and may fail. */
    static final class Conn implements AsyncCloseable {
        final List<String> log;
        final boolean failOnClose;

        Conn(List<String> log, boolean failOnClose) {
            this.log = log;
            this.failOnClose = failOnClose;
        }

        @Override
        public Awaitable<Void> closeAsync() {
            Promise<Void> closed = new Promise<>();
            log.add("closing");
            dev.weft.EventLoop.current().callLater(Duration.ofMillis(1), () -> {
                log.add("closed");
                if (failOnClose) {
                    closed.fail(new IllegalStateException("close failed"));
                } else {
                    closed.complete(null);
                }
            });
            return closed;
        }
    }

    @Async
    static Coroutine<String> talk(Conn c, boolean fail) {
        c.log.add("talking");
        await(Weft.sleep(Duration.ofMillis(1)));
        if (fail) {
            throw new IllegalArgumentException("talk failed");
        }
        return Coroutine.of("reply");
    }

    @Async
    static Coroutine<String> withFinally(List<String> log) {
        Conn c = new Conn(log, false);
        try {
            return Coroutine.of(await(talk(c, false)));
        } finally {
            await(c.closeAsync());
            log.add("after close");
        }
    }

    @Test
    void aFinallyBlockAwaitsTheClose() {
        List<String> log = new ArrayList<>();
        assertEquals("reply", Weft.run(withFinally(log)));
        assertEquals(List.of("talking", "closing", "closed", "after close"), log);
    }

    @Test
    void usingClosesAfterTheBodyAndReturnsItsValue() {
        List<String> log = new ArrayList<>();
        Conn c = new Conn(log, false);
        assertEquals("reply", Weft.run(Weft.using(c, conn -> talk(conn, false))));
        assertEquals(List.of("talking", "closing", "closed"), log);
    }

    @Test
    void usingClosesWhenTheBodyFailsAndKeepsACloseFailureSuppressed() {
        List<String> log = new ArrayList<>();
        Conn c = new Conn(log, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Weft.run(Weft.using(c, conn -> talk(conn, true))));
        assertEquals("talk failed", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("close failed", e.getSuppressed()[0].getMessage());
        assertEquals(List.of("talking", "closing", "closed"), log);
    }

    @Test
    void aCloseFailureAfterASuccessfulBodyIsRaised() {
        List<String> log = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Weft.run(Weft.using(new Conn(log, true), conn -> talk(conn, false))));
        assertEquals("close failed", e.getMessage());
    }

    @Async
    static Coroutine<String> cancelledInside(List<String> log) {
        Conn c = new Conn(log, false);
        Task<String> t = Weft.spawn(Weft.using(c, conn -> hang(conn)));
        await(Weft.sleep(Duration.ofMillis(2)));
        t.cancel("stop");
        try {
            await(t);
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            return Coroutine.of("cancelled " + e.getMessage());
        }
    }

    @Async
    static Coroutine<String> hang(Conn c) {
        c.log.add("hanging");
        await(Weft.sleep(Duration.ofHours(1)));
        return Coroutine.of("woke");
    }

    @Test
    void cancellingTheBodyStillAwaitsTheClose() {
        List<String> log = new ArrayList<>();
        assertEquals("cancelled stop", Weft.run(cancelledInside(log)));
        assertEquals(List.of("hanging", "closing", "closed"), log);
    }
}
