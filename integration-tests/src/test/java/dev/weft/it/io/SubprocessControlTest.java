package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ProcessResult;
import dev.weft.io.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static dev.weft.it.io.SubprocessFixture.ms;
import static dev.weft.it.io.SubprocessFixture.pumpsEnd;
import static dev.weft.it.io.SubprocessFixture.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Subprocesses under control, through woven code with real processes: signals, a missing program, cancelling a read,
 * a wait, an exec or a communicate, and lines read as the child writes them while the loop runs other tasks. Every
 * test is bounded by a {@link Weft#timeout} inside and a JUnit timeout outside.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessControlTest {

    // ------------------------------------------------------------------ signals, failures

    @Async
    static Coroutine<Integer> signalled(boolean force) throws IOException {
        Subprocess p = await(Subprocess.exec("sleep", "60"));
        long pid = p.pid();
        await(Weft.sleep(ms(20)));
        if (force) {
            p.kill();
        } else {
            p.terminate();
        }
        int code = await(Weft.timeout(Duration.ofSeconds(5), p.waitFor()));
        assertNull(await(p.stdout().readLine()));
        assertNull(await(p.stderr().readLine()));
        await(Weft.timeout(Duration.ofSeconds(5), pumpsEnd(pid)));
        p.kill(); // of a process that exited: nothing
        return Coroutine.of(code);
    }

    @Test
    void terminateEndsAChildWithSigterm() throws IOException {
        assertEquals(128 + 15, run(signalled(false)));
    }

    @Test
    void killEndsAChildWithSigkill() throws IOException {
        assertEquals(128 + 9, run(signalled(true)));
    }

    @Async
    static Coroutine<String> missingProgram() {
        try {
            await(Subprocess.exec("weft-no-such-program-here", "x"));
            return Coroutine.of(null);
        } catch (IOException e) {
            return Coroutine.of(e.getMessage());
        }
    }

    @Test
    void aProgramThatDoesNotExistFailsExecWithAnIOException() {
        String message = run(missingProgram());
        assertNotNull(message, "exec of a missing program succeeded");
        assertTrue(message.contains("weft-no-such-program-here"), message);
    }

    @Test
    void anEmptyCommandIsRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Subprocess.exec());
        assertThrows(IllegalArgumentException.class, () -> Subprocess.exec(new ProcessBuilder()));
    }

    // ------------------------------------------------------------------ cancellation

    @Async
    static Coroutine<String> cancelledReadLine() throws IOException {
        Subprocess p = await(Subprocess.exec("cat"));
        Task<String> reading = Weft.spawn(p.stdout().readLine());
        await(Weft.sleep(ms(20))); // the read waits for data
        p.stdin().write("first\n"); // the pump hands the line over after the cancellation below
        reading.cancel();
        try {
            await(reading);
            fail("the cancelled read finished");
        } catch (CancelledException expected) {
            // the read gave up before it took anything
        }
        String line = await(p.stdout().readLine());
        p.stdin().close();
        assertNull(await(p.stdout().readLine()));
        assertEquals(0, await(p.waitFor()));
        return Coroutine.of(line);
    }

    @Test
    void aCancelledReadLineConsumesNothing() throws IOException {
        assertEquals("first", run(cancelledReadLine()));
    }

    @Async
    static Coroutine<Integer> cancelledWaitFor() throws IOException {
        Subprocess p = await(Subprocess.exec("cat"));
        Task<Integer> waiting = Weft.spawn(p.waitFor());
        Task<Integer> other = Weft.spawn(p.waitFor());
        await(Weft.sleep(ms(20)));
        waiting.cancel();
        try {
            await(waiting);
            fail("the cancelled waitFor finished");
        } catch (CancelledException expected) {
            // only the wait ends
        }
        assertNull(p.returnCode());
        assertFalse(other.isDone());
        p.stdin().write("still here\n");
        assertEquals("still here", await(p.stdout().readLine()), "the child still runs");
        p.stdin().close();
        assertEquals(0, await(other), "another waiter is not disturbed");
        return Coroutine.of(await(p.waitFor()));
    }

    @Test
    void cancellingWaitForLeavesTheChildRunning() throws IOException {
        assertEquals(0, run(cancelledWaitFor()));
    }

    @Async
    static Coroutine<Void> cancelledExec(Path marker) {
        Task<Subprocess> starting = Weft.spawn(Subprocess.exec("sh", "-c", "sleep 0.3; echo started > '" + marker + "'"));
        await(Weft.sleep(Duration.ZERO)); // the task asks a worker to start the process
        starting.cancel();
        await(Weft.sleep(ms(800)));
        assertTrue(starting.isCancelled());
        return Coroutine.done();
    }

    @Test
    void aProcessStartedForACancelledExecIsKilled(@TempDir Path dir) {
        Path marker = dir.resolve("marker");
        run(cancelledExec(marker));
        assertFalse(Files.exists(marker), "the process of a cancelled exec ran on");
    }

    @Async
    static Coroutine<ProcessResult> cancelledCommunicate() throws IOException {
        Subprocess p = await(Subprocess.exec("sh", "-c", "echo partial; sleep 60"));
        Task<ProcessResult> talking = Weft.spawn(p.communicate(null));
        await(Weft.sleep(ms(100)));
        talking.cancel();
        try {
            await(talking);
            fail("the cancelled communicate finished");
        } catch (CancelledException expected) {
            // the reads stop, the child runs on
        }
        assertNull(p.returnCode());
        p.terminate();
        assertEquals(143, await(p.waitFor()));
        return Coroutine.of(null);
    }

    @Test
    void cancellingCommunicateStopsItsReadsAndLeavesTheChildRunning() throws IOException {
        assertNull(run(cancelledCommunicate()));
    }

    // ------------------------------------------------------------------ the loop keeps running

    @Async
    static Coroutine<Void> tick(int[] ticks, boolean[] stop) {
        while (!stop[0]) {
            ticks[0]++;
            await(Weft.sleep(ms(2)));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> linesAsTheyCome() throws IOException {
        int[] ticks = new int[1];
        boolean[] stop = new boolean[1];
        Task<Void> ticker = Weft.spawn(tick(ticks, stop));
        Subprocess p = await(Subprocess.exec("sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.05; done"));
        List<String> got = new ArrayList<>();
        List<Integer> ticksAt = new ArrayList<>();
        String line;
        while ((line = await(p.stdout().readLine())) != null) {
            got.add(line);
            ticksAt.add(ticks[0]);
        }
        assertEquals(0, await(p.waitFor()));
        stop[0] = true;
        await(ticker);
        // the child spaces its lines by 50 ms: the ticker ran between the first line and the last
        assertTrue(ticksAt.get(2) > ticksAt.get(0), "the ticker did not run while the lines came: " + ticksAt);
        return Coroutine.of(got);
    }

    @Test
    void linesAreReadAsTheyComeWhileTheLoopRunsOtherTasks() throws IOException {
        assertEquals(List.of("line1", "line2", "line3"), run(linesAsTheyCome()));
    }
}
