package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ProcessResult;
import dev.weft.io.StreamReader;
import dev.weft.io.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.weft.Weft.await;
import static dev.weft.it.io.SubprocessFixture.ms;
import static dev.weft.it.io.SubprocessFixture.pumpsEnd;
import static dev.weft.it.io.SubprocessFixture.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Subprocesses through woven code, with real processes ({@code sh}, {@code cat}, {@code echo}, {@code head}): output
 * and exit codes, a {@code cat} round trip, a broken stdin, {@code communicate} (a large input, both pipes, a flooded
 * stderr in bounded memory), a pipe nobody reads, and what a {@link ProcessBuilder} sets. Signals, failures,
 * cancellation and the loop running meanwhile are in {@link SubprocessControlTest}. Every test is bounded by a
 * {@link Weft#timeout} inside and a JUnit timeout outside.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {

    // ------------------------------------------------------------------ output and exit codes

    @Async
    static Coroutine<Void> echoHello() throws IOException {
        Subprocess p = await(Subprocess.exec("echo", "hello"));
        assertTrue(p.pid() > 0);
        assertEquals("hello", await(p.stdout().readLine()));
        assertNull(await(p.stdout().readLine()));
        assertEquals(0, await(p.waitFor()));
        assertEquals(0, p.returnCode());
        assertEquals(0, await(p.stderr().read(-1)).length);
        await(pumpsEnd(p.pid()));
        return Coroutine.done();
    }

    @Test
    void echoPrintsALineAndExitsWithZero() throws IOException {
        run(echoHello());
    }

    @Async
    static Coroutine<Integer> exitCode(String script) throws IOException {
        Subprocess p = await(Subprocess.exec("sh", "-c", script));
        assertNull(p.returnCode());
        int code = await(p.waitFor());
        assertEquals(code, p.returnCode());
        assertEquals(code, await(p.waitFor()), "waitFor again gives the same code");
        return Coroutine.of(code);
    }

    @Test
    void theExitCodeIsTheChildsOwn() throws IOException {
        assertEquals(3, run(exitCode("exit 3")));
    }

    // ------------------------------------------------------------------ stdin

    @Async
    static Coroutine<List<String>> catRoundTrip(int lines) throws IOException {
        Subprocess p = await(Subprocess.exec("cat"));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            p.stdin().write("line " + i + "\n");
            await(p.stdin().drain());
            got.add(await(p.stdout().readLine()));
        }
        p.stdin().writeEof();
        assertNull(await(p.stdout().readLine()));
        assertTrue(p.stdout().atEof());
        assertEquals(0, await(p.waitFor()));
        await(p.stdin().waitClosed());
        return Coroutine.of(got);
    }

    @Test
    void catSendsBackEachLineThenEndsWhenItsInputEnds() throws IOException {
        assertEquals(List.of("line 0", "line 1", "line 2", "line 3"), run(catRoundTrip(4)));
    }

    @Async
    static Coroutine<String> brokenStdin(boolean waitForExitFirst) throws IOException {
        Subprocess p = await(Subprocess.exec("sh", "-c", "exit 0"));
        if (waitForExitFirst) {
            assertEquals(0, await(p.waitFor()));
        }
        byte[] mebibyte = new byte[1 << 20];
        String failure = null;
        try {
            for (int i = 0; i < 4; i++) {
                p.stdin().write(mebibyte);
                await(p.stdin().drain());
            }
            await(p.stdin().waitClosed()); // the stdin pump must have failed by now: 4 MiB cannot fit in a pipe
        } catch (IOException e) {
            failure = e.getMessage();
        }
        assertNotNull(failure, "writing 4 MiB to a child that exited did not fail");
        try {
            await(p.stdin().waitClosed());
            fail("waitClosed of a broken stdin succeeded");
        } catch (IOException e) {
            assertEquals(failure, e.getMessage());
        }
        assertEquals(0, await(p.waitFor()));
        assertEquals(0, p.returnCode());
        return Coroutine.of(failure);
    }

    @Test
    void writingToAChildThatExitedFailsDrainWithAnIOException() throws IOException {
        String failure = run(brokenStdin(false));
        assertTrue(failure.contains("stdin"), failure);
    }

    @Test
    void writingAfterTheExitWasSeenFailsToo() throws IOException {
        String failure = run(brokenStdin(true));
        assertTrue(failure.contains("stdin"), failure);
    }

    // ------------------------------------------------------------------ communicate

    @Async
    static Coroutine<ProcessResult> communicate(byte[] input, String... command) throws IOException {
        Subprocess p = await(Subprocess.exec(command));
        ProcessResult r = await(p.communicate(input));
        assertEquals(r.exitCode(), p.returnCode());
        return Coroutine.of(r);
    }

    @Test
    void communicateSendsAMebibyteThroughCat() throws IOException {
        byte[] input = new byte[1 << 20];
        new Random(13).nextBytes(input);
        ProcessResult r = run(communicate(input, "cat"));
        assertArrayEquals(input, r.stdout());
        assertEquals(0, r.stderr().length);
        assertEquals(0, r.exitCode());
    }

    @Test
    void communicateGathersBothPipesAndTheExitCode() throws IOException {
        ProcessResult r = run(communicate("hi\n".getBytes(StandardCharsets.UTF_8),
                "sh", "-c", "read x; echo got $x; echo oops >&2; echo more; exit 2"));
        assertEquals("got hi\nmore\n", r.stdoutText());
        assertEquals("oops\n", r.stderrText());
        assertEquals(2, r.exitCode());
    }

    @Test
    void communicateIgnoresAnInputTheChildNeverReads() throws IOException {
        ProcessResult r = run(communicate(new byte[4 << 20], "sh", "-c", "echo bye; exit 5"));
        assertEquals("bye\n", r.stdoutText());
        assertEquals(5, r.exitCode());
    }

    /** Samples how much the reader holds, every millisecond, until told to stop. */
    @Async
    static Coroutine<Void> sample(StreamReader reader, int[] max, boolean[] stop) {
        while (!stop[0]) {
            max[0] = Math.max(max[0], reader.buffered());
            await(Weft.sleep(ms(1)));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<int[]> floodedStderr() throws IOException {
        Subprocess p = await(Subprocess.exec("sh", "-c", "head -c 20000000 /dev/zero >&2; echo done"));
        int[] max = new int[1];
        boolean[] stop = new boolean[1];
        Task<Void> sampler = Weft.spawn(sample(p.stderr(), max, stop));
        ProcessResult r = await(p.communicate(null));
        stop[0] = true;
        await(sampler);
        assertEquals("done\n", r.stdoutText());
        assertEquals(0, r.exitCode());
        return Coroutine.of(new int[] {r.stderr().length, max[0], p.stderr().limit()});
    }

    @Test
    void communicateSurvivesAFloodedStderrInBoundedMemory() throws IOException {
        int[] got = run(floodedStderr());
        assertEquals(20_000_000, got[0]);
        assertTrue(got[1] <= 6 * got[2], "the reader held " + got[1] + " bytes, its limit is " + got[2]);
    }

    @Async
    static Coroutine<Integer> unreadPipe() throws IOException {
        Subprocess p = await(Subprocess.exec("sh", "-c", "head -c 20000000 /dev/zero >&2; echo done"));
        try {
            await(Weft.timeout(ms(500), p.stdout().readLine()));
            fail("the child got through 20 MB of stderr that nobody read");
        } catch (dev.weft.TimeoutExpiredException expected) {
            // the child waits on its full stderr pipe, as with asyncio
        }
        int held = p.stderr().buffered();
        assertTrue(held <= 6 * p.stderr().limit(), "the reader held " + held + " bytes");
        assertNull(p.returnCode());
        p.kill();
        assertEquals(137, await(p.waitFor()));
        return Coroutine.of(held);
    }

    @Test
    void aPipeNobodyReadsBlocksTheChildInsteadOfFillingMemory() throws IOException {
        assertTrue(run(unreadPipe()) > 0);
    }


    // ------------------------------------------------------------------ ProcessBuilder

    @Async
    static Coroutine<List<String>> fromBuilder(ProcessBuilder builder) throws IOException {
        Subprocess p = await(Subprocess.exec(builder));
        List<String> got = new ArrayList<>();
        String line;
        while ((line = await(p.stdout().readLine())) != null) {
            got.add(line);
        }
        assertNull(await(p.stderr().readLine()), "stderr was merged into stdout");
        assertEquals(0, await(p.waitFor()));
        return Coroutine.of(got);
    }

    @Test
    void aBuilderSetsTheDirectoryEnvironmentAndRedirects(@TempDir Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "pwd; echo $WEFT_TEST_VALUE; echo to-stderr >&2");
        builder.directory(dir.toFile());
        builder.environment().put("WEFT_TEST_VALUE", "forty-two");
        builder.redirectErrorStream(true);
        assertEquals(List.of(dir.toRealPath().toString(), "forty-two", "to-stderr"), run(fromBuilder(builder)));
    }

    @Async
    static Coroutine<String> redirectedStreams(ProcessBuilder builder) throws IOException {
        Subprocess p = await(Subprocess.exec(builder));
        assertNull(await(p.stdout().readLine()), "a redirected stdout is at its end at once");
        String failure = null;
        p.stdin().write("ignored\n");
        try {
            await(p.stdin().drain());
        } catch (IOException e) {
            failure = e.getMessage();
        }
        assertEquals(0, await(p.waitFor()));
        return Coroutine.of(failure);
    }

    @Test
    void aRedirectedStreamIsNotAPipe(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.txt");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo to-file");
        builder.redirectOutput(out.toFile());
        builder.redirectInput(Files.createFile(dir.resolve("empty.txt")).toFile());
        String failure = run(redirectedStreams(builder));
        assertNotNull(failure, "draining a redirected stdin succeeded");
        assertTrue(failure.contains("not a pipe"), failure);
        assertEquals("to-file\n", Files.readString(out));
    }
}
