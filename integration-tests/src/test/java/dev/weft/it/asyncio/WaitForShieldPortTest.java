package dev.weft.it.asyncio;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutExpiredException;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.weft.Weft.await;
import static dev.weft.it.asyncio.AsyncioPort.failure;
import static dev.weft.it.asyncio.AsyncioPort.ms;
import static dev.weft.it.asyncio.AsyncioPort.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code Lib/test/test_asyncio/test_waitfor.py} (3.13), class WaitForShieldTests, ported to
 * {@link Weft#waitFor} around {@link Weft#shield}: the timeout cancels only the shield, and the shielded task runs
 * on. The rest of the file is in {@link WaitForPortTest}. {@code TimeoutError} is {@link TimeoutExpiredException}.
 * Times are virtual.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class WaitForShieldPortTest {

    // ------------------------------------------------------------------ WaitForShieldTests

    @Async
    static Coroutine<Void> shieldedWait(Duration timeout, boolean expectTimeout) {
        Task<String> task = Weft.spawn(AsyncioPort.sleep(expectTimeout && timeout.isZero() ? 10 : 100, "done"));
        Awaitable<String> shielded = Weft.shield(task);
        Throwable e = await(failure(Weft.waitFor(shielded, timeout)));
        assertInstanceOf(TimeoutExpiredException.class, e);
        assertFalse(task.isDone(), "the shielded task runs on in the background");
        assertFalse(task.isCancelled());
        assertInstanceOf(CancelledException.class, shielded.exception(), "the shield itself was cancelled");
        assertEquals("done", await(task));
        return Coroutine.done();
    }

    /** test_zero_timeout: wait_for(shield(task), 0) cancels only the shield. */
    @Test
    void testZeroTimeout() {
        run(shieldedWait(Duration.ZERO, true));
    }

    @Async
    static Coroutine<String> noneTimeout() {
        Task<String> task = Weft.spawn(AsyncioPort.sleep(100, "done"));
        await(Weft.waitFor(Weft.shield(task), null));
        assertTrue(task.isDone());
        return Coroutine.of(await(task));
    }

    /** test_none_timeout: without a timeout the shielded task runs to completion. */
    @Test
    void testNoneTimeout() {
        assertEquals("done", run(noneTimeout()));
    }

    /** test_shielded_timeout: the shield prevents the task from being cancelled by the timeout. */
    @Test
    void testShieldedTimeout() {
        run(shieldedWait(ms(10), true));
    }
}
