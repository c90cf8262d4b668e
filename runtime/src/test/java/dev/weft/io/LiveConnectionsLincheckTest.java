package dev.weft.io;

import dev.weft.ModelChecked;
import org.junit.jupiter.api.Test;

import static dev.weft.ModelChecked.fork;
import static dev.weft.ModelChecked.join;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A server's connection count under Lincheck's model checker: connections of an {@link EventLoopGroup} finish on
 * other loops' threads while the accepting loop closes the server; the all-done signal fires exactly when both
 * the close and the last finish happened, never before, never missed.
 */
class LiveConnectionsLincheckTest {

    @Test
    void theLastFinishRacingTheCloseAlwaysSignalsAllDone() {
        ModelChecked.check(1_000, () -> {
            LiveConnections live = new LiveConnections();
            live.opened();
            live.opened();
            Thread first = fork(live::finished);
            Thread second = fork(live::finished);
            live.close();
            join(first, second);
            assertEquals(0, live.count());
            assertTrue(live.allDone().isDone(), "closed with no connection left: all done");
        });
    }

    @Test
    void aConnectionStillOpenKeepsAllDoneWaiting() {
        ModelChecked.check(1_000, () -> {
            LiveConnections live = new LiveConnections();
            live.opened();
            live.opened();
            Thread finisher = fork(live::finished);
            live.close();
            join(finisher);
            assertFalse(live.allDone().isDone(), "one connection is still being handled");
            live.finished();
            assertTrue(live.allDone().isDone());
        });
    }
}
