package dev.weft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The entry points, used without weaving. */
class WeftTest {
    @Test
    void awaitWithoutWeavingExplainsHowToEnableItAndNeverBlocks() {
        Promise<Integer> never = new Promise<>();
        NotWovenError e = assertThrows(NotWovenError.class, () -> Weft.await(never));
        assertTrue(e.getMessage().contains("has not been woven"), e.getMessage());
        assertTrue(e.getMessage().contains("weft-maven-plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent"), e.getMessage());
        assertTrue(e.getMessage().contains("no Weft agent runs"), e.getMessage());
        assertThrows(NotWovenError.class, () -> Weft.await(new CompletableFuture<Integer>()));
    }

    @Test
    void runReturnsTheValueOfAFinishedCoroutine() {
        assertEquals(5, Weft.run(Coroutine.of(5)));
        assertNull(Weft.run(Coroutine.done()));
    }

    @Test
    void spawnNeedsARunningLoop() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.spawn(Coroutine.of(1)));
        assertTrue(e.getMessage().contains("no event loop is running"));
        assertNull(Weft.currentTask());
    }

    @Test
    void sleepRejectsNegativeDurations() {
        assertThrows(IllegalArgumentException.class, () -> Weft.sleep(Duration.ofMillis(-1)));
    }

    @Test
    void completedCoroutinesAreClosedAndReusable() {
        Coroutine<String> c = Coroutine.of("x");
        assertEquals(Coroutine.State.CLOSED, c.state());
        assertTrue(c.isDone());
        assertEquals("x", c.result());
        assertNull(c.exception());
        c.close();
        assertEquals("x", Weft.run(c));
        assertEquals("x", Weft.run(c));
    }

    @Test
    void cancelledExceptionIsAnErrorSoCatchExceptionDoesNotSwallowIt() {
        Throwable t = new CancelledException();
        assertFalse(t instanceof Exception);
        assertEquals("cancelled", t.getMessage());
        assertEquals("why", new CancelledException("why").getMessage());
    }
}
