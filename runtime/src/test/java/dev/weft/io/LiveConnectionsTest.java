package dev.weft.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The connection count of a server on one thread: all done only once closed and empty. */
class LiveConnectionsTest {

    @Test
    void allDoneNeedsBothTheCloseAndTheLastFinish() {
        LiveConnections live = new LiveConnections();
        live.opened();
        assertEquals(1, live.count());
        live.finished();
        assertFalse(live.allDone().isDone(), "not closed yet: more may come");
        live.opened();
        live.close();
        assertTrue(live.isClosed());
        assertFalse(live.allDone().isDone());
        live.finished();
        assertTrue(live.allDone().isDone());
    }

    @Test
    void closingAnIdleServerIsAllDoneAtOnce() {
        LiveConnections live = new LiveConnections();
        live.close();
        assertTrue(live.allDone().isDone());
    }
}
