package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.EventLoopGroup;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** A loop on every core: connections spread over the group's loops, run and a graceful close. */
@Timeout(60)
class EventLoopGroupTest {

    @Async
    static Coroutine<Void> answerWithTheThread(StreamReader in, StreamWriter out) throws IOException {
        String line;
        while ((line = await(in.readLine())) != null) {
            out.write(line + " on " + Thread.currentThread().getName() + "\n");
            await(out.drain());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> client(int port, int i) throws IOException {
        Connection c = await(Weft.openConnection("127.0.0.1", port));
        c.writer().write("client " + i + "\n");
        String answer = await(c.reader().readLine());
        c.close();
        return Coroutine.of(answer);
    }

    @Async
    static Coroutine<Set<String>> spread(EventLoopGroup group, int clients) throws IOException {
        Server server = await(group.startServer(EventLoopGroupTest::answerWithTheThread, "127.0.0.1", 0));
        List<Task<String>> talks = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            talks.add(Weft.spawn(client(server.port(), i)));
        }
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < clients; i++) {
            String answer = await(talks.get(i));
            assertTrue(answer.startsWith("client " + i + " on "), answer);
            threads.add(answer.substring(answer.indexOf(" on ") + 4));
        }
        server.close();
        await(Weft.timeout(Duration.ofSeconds(10), server.waitClosed()));
        assertEquals(0, server.connectionCount());
        return Coroutine.of(threads);
    }

    @Test
    void connectionsAreSpreadOverEveryLoop() throws IOException {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            assertEquals(2, group.size());
            Set<String> threads = group.run(spread(group, 20));
            assertEquals(Set.of("weft-loop-0", "weft-loop-1"), threads);
        }
    }

    @Test
    void manyConnectionsAcrossLoopsAllFinish() throws IOException {
        try (EventLoopGroup group = new EventLoopGroup(3)) {
            assertEquals(3, group.run(spread(group, 500)).size());
        }
    }

    @Async
    static Coroutine<Integer> fail() {
        await(Weft.sleep(Duration.ofMillis(1)));
        throw new IllegalArgumentException("main failed");
    }

    @Async
    static Coroutine<String> crossLoop(EventLoopGroup group) {
        EventLoop here = EventLoop.current();
        EventLoop other = group.loop(0) == here ? group.loop(1) : group.loop(0);
        java.util.concurrent.CompletableFuture<String> there = Weft.runCoroutineThreadsafe(whereAmI(), other);
        String theirs = await(there);
        return Coroutine.of(theirs + " awaited on " + Thread.currentThread().getName());
    }

    @Async
    static Coroutine<String> whereAmI() {
        await(Weft.sleep(Duration.ofMillis(1)));
        return Coroutine.of(Thread.currentThread().getName());
    }

    @Test
    void runGivesTheValueOrTheFailureAndLoopsAwaitEachOther() {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            assertTrue(group.run(whereAmI()).startsWith("weft-loop-"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> group.run(fail()));
            assertEquals("main failed", e.getMessage());
            String answer = group.run(crossLoop(group));
            assertTrue(answer.matches("weft-loop-\\d awaited on weft-loop-\\d"), answer);
            assertNotEquals(answer.substring(0, 11), answer.substring(answer.length() - 11));
        }
    }

    @Async
    static Coroutine<Void> sleepThenLog(Duration d, List<String> log, String name) {
        try {
            await(Weft.sleep(d));
            log.add(name + " finished");
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> spawnOnEveryLoop(EventLoopGroup group, List<String> log) {
        Weft.runCoroutineThreadsafe(sleepThenLog(Duration.ofMillis(30), log, "short"), group.loop(0));
        Weft.runCoroutineThreadsafe(sleepThenLog(Duration.ofSeconds(60), log, "long"), group.loop(1));
        return Coroutine.done();
    }

    @Test
    void closeLetsTasksFinishThenCancelsTheRest() {
        List<String> log = new CopyOnWriteArrayList<>();
        EventLoopGroup group = new EventLoopGroup(2);
        group.run(spawnOnEveryLoop(group, log));
        long start = System.nanoTime();
        group.close(Duration.ofMillis(300));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Set.of("short finished", "long cancelled"), Set.copyOf(log));
        assertTrue(tookMillis < 10_000, "close waited the grace period, not the long sleep: " + tookMillis + " ms");
        assertTrue(group.isClosed() && group.loop(0).isClosed() && group.loop(1).isClosed());
        group.close(); // idempotent
        assertThrows(IllegalArgumentException.class, () -> new EventLoopGroup(0));
    }

    @Async
    static Coroutine<String> runFromInside(EventLoopGroup group) {
        try {
            group.run(whereAmI());
            return Coroutine.of("ran");
        } catch (IllegalStateException e) {
            return Coroutine.of("refused");
        }
    }

    @Test
    void runFromOneOfTheGroupsLoopsIsRefusedInsteadOfDeadlocking() {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            assertEquals("refused", group.run(runFromInside(group)));
        }
    }
}
