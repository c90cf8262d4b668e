package dev.weft.io;

import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The I/O coroutine: tried, retried after a wait, released when the wait fails; and from(). */
class IoCoroutineTest {

    @Test
    void anAttemptIsRetriedAfterEachWaitUntilItFinishes() {
        EventLoop loop = new EventLoop();
        List<Promise<Void>> waits = new ArrayList<>();
        int[] tries = {0};
        Task<String> task = loop.createTask(IoCoroutine.of("test.op", () -> {
            tries[0]++;
            if (tries[0] < 3) {
                Promise<Void> p = new Promise<>();
                waits.add(p);
                return IoCoroutine.retryAfter(p);
            }
            return "done after " + tries[0];
        }));
        loop.runUntilIdle();
        assertEquals(1, tries[0]);
        waits.get(0).complete(null);
        loop.runUntilIdle();
        waits.get(1).complete(null);
        loop.runUntilIdle();
        assertEquals("done after 3", task.result());
        loop.close();
    }

    @Test
    void aWaitThatIsDoneAlreadyRetriesAtOnce() {
        Promise<Void> done = new Promise<>();
        done.complete(null);
        int[] tries = {0};
        Object outcome = Weft.run(IoCoroutine.of("test.op", () -> ++tries[0] < 2 ? IoCoroutine.retryAfter(done) : "tried twice"));
        assertEquals("tried twice", outcome);
    }

    @Test
    void anIOExceptionFailsTheCoroutineAsItIs() {
        IOException e = assertThrows(IOException.class,
                () -> Weft.run(IoCoroutine.of("test.op", () -> {
                    throw new IOException("no route");
                })));
        assertEquals("no route", e.getMessage());
    }

    /** An attempt that waits on {@code wait} once and records whether it was abandoned. */
    private static IoCoroutine.Attempt waitingOn(Promise<Void> wait, List<String> log) {
        return new IoCoroutine.Attempt() {
            private boolean waited;

            @Override
            public Object attempt() {
                if (!waited) {
                    waited = true;
                    return IoCoroutine.retryAfter(wait);
                }
                log.add("tried again");
                return null;
            }

            @Override
            public void abandoned() {
                log.add("abandoned");
            }
        };
    }

    @Test
    void aCancelledWaitAbandonsTheAttemptWithoutTryingAgain() {
        EventLoop loop = new EventLoop();
        List<String> log = new ArrayList<>();
        Promise<Void> wait = new Promise<>();
        Task<Object> task = loop.createTask(IoCoroutine.of("test.op", waitingOn(wait, log)));
        loop.runUntilIdle();
        task.cancel();
        loop.runUntilIdle();
        assertThrows(CancelledException.class, task::result);
        assertEquals(List.of("abandoned"), log);
        loop.close();
    }

    @Test
    void aWaitThatFailedAlreadyAbandonsTheAttempt() {
        List<String> log = new ArrayList<>();
        Promise<Void> failed = new Promise<>();
        failed.fail(new IOException("gone"));
        assertThrows(IOException.class, () -> Weft.run(IoCoroutine.of("test.op", waitingOn(failed, log))));
        assertEquals(List.of("abandoned"), log);
    }

    @Test
    void fromGivesTheCoroutinesOutcome() {
        assertEquals("v", Weft.run(IoCoroutine.from(Coroutine.of("v"))));
        Promise<String> later = new Promise<>();
        EventLoop loop = new EventLoop();
        loop.callSoon(() -> later.complete("later"));
        assertEquals("later", Weft.run(IoCoroutine.from(IoCoroutine.of("test.op",
                () -> later.isDone() ? later.result() : IoCoroutine.retryAfter(later))), loop));
        assertThrows(NullPointerException.class, () -> IoCoroutine.from(null));
    }
}
