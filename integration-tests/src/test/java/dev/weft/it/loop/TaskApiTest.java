package dev.weft.it.loop;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** The Task API: names (and renaming), cancelling/uncancel, done-callbacks and their removal, futures, eager start, current/all tasks. */
class TaskApiTest {

    @Async
    static Coroutine<String> quick() {
        return Coroutine.of("quick");
    }

    @Async
    static Coroutine<String> slow() {
        await(Weft.sleep(Duration.ofMillis(2)));
        return Coroutine.of("slow");
    }

    @Async
    static Coroutine<String> eager() {
        Task<String> q = Weft.spawnEager(quick());
        boolean doneAtOnce = q.isDone();
        Task<String> s = Weft.spawnEager(slow());
        boolean slowDoneAtOnce = s.isDone();
        return Coroutine.of(doneAtOnce + " " + slowDoneAtOnce + " " + q.result() + " " + await(s));
    }

    @Test
    void anEagerTaskThatDoesNotSuspendIsDoneWhenSpawnReturns() {
        assertEquals("true false quick slow", Weft.run(eager()));
    }

    @Async
    static Coroutine<String> bookkeeping() {
        Task<?> me = Weft.currentTask();
        Task<String> other = Weft.spawn(slow(), "other");
        List<String> names = new ArrayList<>();
        for (Task<?> t : Weft.allTasks()) {
            names.add(t.name());
        }
        List<String> callbacks = new ArrayList<>();
        other.addDoneCallback(t -> callbacks.add("done:" + t.result() + ":" + (Weft.currentTask() == null)));
        me.cancel("first");
        me.cancel("second");
        int pending = me.cancelling();
        int afterOne = me.uncancel();
        int afterTwo = me.uncancel();
        await(Weft.sleep(Duration.ZERO));   // both requests withdrawn: no CancelledException here
        String v = await(other);
        await(Weft.sleep(Duration.ZERO));   // let the scheduled done callback run
        return Coroutine.of(me.name() + " " + names + " " + pending + afterOne + afterTwo + " " + v + " " + callbacks);
    }

    @Test
    void cancellingCountsRequestsAndUncancelWithdrawsThem() {
        assertEquals("main [main, other] 210 slow [done:slow:true]", Weft.run(bookkeeping()));
    }

    @Async
    static Coroutine<String> selfCancelled() {
        Weft.currentTask().cancel("from inside");
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += i;                         // a running task is not interrupted...
        }
        try {
            await(Weft.sleep(Duration.ofSeconds(1)));   // ...it is cancelled at its next await
            return Coroutine.of("not cancelled");
        } catch (CancelledException e) {
            return Coroutine.of(sum + " " + e.getMessage());
        }
    }

    @Test
    void aRunningTaskIsCancelledAtItsNextAwait() {
        assertEquals("45 from inside", Weft.run(selfCancelled()));
    }

    @Async
    static Coroutine<String> throughFuture() throws Exception {
        Task<String> t = Weft.spawn(slow());
        CompletableFuture<String> f = t.toCompletableFuture();
        String v = await(f);
        Task<String> failing = Weft.spawn(boom());
        CompletableFuture<String> ff = failing.toCompletableFuture();
        try {
            await(ff);
            return Coroutine.of("no");
        } catch (IllegalStateException e) {
            return Coroutine.of(v + " " + e.getMessage() + " " + ff.isCompletedExceptionally());
        }
    }

    @Async
    static Coroutine<String> boom() {
        await(Weft.sleep(Duration.ZERO));
        throw new IllegalStateException("boom");
    }

    @Test
    void aTaskCanBeSeenAsACompletableFuture() throws Exception {
        assertEquals("slow boom true", Weft.run(throughFuture()));
    }

    @Async
    static Coroutine<String> offLoad() {
        String loopThread = Thread.currentThread().getName();
        List<String> order = new ArrayList<>();
        Task<Void> ticker = Weft.spawn(ticks(order));
        String worker = await(Weft.toThread(() -> {
            Thread.sleep(60);
            return Thread.currentThread().getName();
        }));
        order.add("worker done");
        ticker.cancel();
        return Coroutine.of((!worker.equals(loopThread)) + " " + worker.startsWith("weft-worker-") + " "
                + (order.indexOf("tick") < order.indexOf("worker done")));
    }

    @Async
    static Coroutine<Void> ticks(List<String> order) {
        while (true) {
            order.add("tick");
            await(Weft.sleep(Duration.ofMillis(5)));
        }
    }

    @Test
    void toThreadRunsBlockingWorkOffTheLoopWhileOtherTasksGoOn() {
        assertEquals("true true true", Weft.run(offLoad()));
    }

    @Test
    void runCoroutineThreadsafeSchedulesOnARunningLoopFromAnotherThread() throws Exception {
        dev.weft.EventLoop loop = new dev.weft.EventLoop();
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread outside = new Thread(() -> {
            try {
                CompletableFuture<String> f = Weft.runCoroutineThreadsafe(slow(), loop);
                result.complete(f.get(5, TimeUnit.SECONDS) + " on " + Thread.currentThread().getName());
            } catch (Exception e) {
                result.completeExceptionally(e);
            } finally {
                loop.stop();
            }
        }, "outsider");
        outside.start();
        loop.runForever();
        assertEquals("slow on outsider", result.get(5, TimeUnit.SECONDS));
        loop.close();
    }

    @Async
    static Coroutine<String> promiseCallbacks() {
        dev.weft.Promise<String> p = new dev.weft.Promise<>();
        List<String> seen = new ArrayList<>();
        p.addDoneCallback(done -> seen.add("callback saw " + done.result() + " on loop " + (Weft.currentTask() == null)));
        Thread producer = new Thread(() -> p.complete("v"));
        producer.start();
        await(p);
        await(Weft.sleep(Duration.ofMillis(1)));
        return Coroutine.of(String.join(",", seen));
    }

    @Test
    void promiseDoneCallbacksAreScheduledOnTheLoopNeverRunInline() {
        assertEquals("callback saw v on loop true", Weft.run(promiseCallbacks()));
    }

    // ------------------------------------------------------------------ names and done-callback removal

    @Async
    static Coroutine<String> renamed() {
        Task<String> t = Weft.spawn(named());
        String before = t.name();
        t.setName("worker");
        assertThrows(NullPointerException.class, () -> t.setName(null));
        return Coroutine.of(before.startsWith("Task-") + " " + t.name() + " " + await(t) + " " + t);
    }

    @Async
    static Coroutine<String> named() {
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(Weft.currentTask().name());
    }

    @Test
    void setNameRenamesATaskForEveryoneIncludingItself() {
        assertEquals("true worker worker Task[worker, result=worker]", Weft.run(renamed()));
    }

    @Async
    static Coroutine<List<String>> removeTaskCallbacks() {
        List<String> log = new ArrayList<>();
        Task<String> t = Weft.spawn(named());
        Consumer<Task<String>> a = x -> log.add("a");
        Consumer<Task<String>> b = x -> log.add("b");
        t.addDoneCallback(a);
        t.addDoneCallback(b);
        t.addDoneCallback(a);
        log.add("removed a: " + t.removeDoneCallback(a));
        log.add("removed a again: " + t.removeDoneCallback(a));
        log.add("removed a copy of b: " + t.removeDoneCallback(x -> log.add("b")));
        t.addDoneCallback(a);
        await(t);
        log.add("removed after done: " + t.removeDoneCallback(a) + " " + t.removeDoneCallback(b));
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(log);
    }

    @Test
    void removeDoneCallbackDropsEveryRegistrationOfThatCallbackUntilTheTaskIsDone() {
        assertEquals(List.of("removed a: 2", "removed a again: 0", "removed a copy of b: 0", "b", "a",
                "removed after done: 0 0"), Weft.run(removeTaskCallbacks()));
    }

    /**
     * Several loops, each on its own thread, add done-callbacks to one promise and remove half of them while
     * another thread completes it: every callback runs exactly once or was removed exactly once, never both,
     * never neither (the promise's chain of callbacks is changed by compare-and-set only).
     */
    @Test
    void promiseCallbacksAddedAndRemovedFromSeveralThreadsWhileItCompletesRunOrAreRemovedExactlyOnce() throws Exception {
        for (int round = 0; round < 30; round++) {
            Promise<String> p = new Promise<>();
            int loops = 4;
            int each = 200;
            AtomicInteger[] ran = new AtomicInteger[loops * each];
            int[] removed = new int[loops * each];
            for (int i = 0; i < ran.length; i++) {
                ran[i] = new AtomicInteger();
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int l = 0; l < loops; l++) {
                int base = l * each;
                threads.add(new Thread(() -> Weft.run(addAndRemove(p, base, each, ran, removed, start))));
            }
            int completeAfter = round * 13;
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int spin = 0; spin < completeAfter; spin++) {
                    Thread.onSpinWait();
                }
                p.complete("v");
            }));
            threads.forEach(t -> t.setUncaughtExceptionHandler((th, e) -> failures.add(e)));
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive());
            }
            assertEquals(List.of(), failures);
            for (int i = 0; i < ran.length; i++) {
                assertEquals(1, ran[i].get() + removed[i], "callback " + i + " in round " + round);
            }
        }
    }

    @Async
    static Coroutine<Void> addAndRemove(Promise<String> p, int base, int each, AtomicInteger[] ran, int[] removed,
                                        CountDownLatch start) {
        awaitQuietly(start);
        List<Consumer<Promise<String>>> callbacks = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            AtomicInteger counter = ran[base + i];
            Consumer<Promise<String>> c = done -> counter.incrementAndGet();
            callbacks.add(c);
            p.addDoneCallback(c);
            if (i % 2 == 1) {
                removed[base + i - 1] = p.removeDoneCallback(callbacks.get(i - 1));
            }
        }
        await(p);
        // the promise is done before its completer has scheduled every callback: keep this loop open until the
        // callbacks it did not remove have run (a closed loop would drop them)
        for (int waited = 0; !allRunOrRemoved(base, each, ran, removed); waited++) {
            assertTrue(waited < 3_000, "callbacks never ran");
            await(Weft.sleep(Duration.ofMillis(1)));
        }
        return Coroutine.done();
    }

    static boolean allRunOrRemoved(int base, int each, AtomicInteger[] ran, int[] removed) {
        for (int i = base; i < base + each; i++) {
            if (ran[i].get() + removed[i] == 0) {
                return false;
            }
        }
        return true;
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Async
    static Coroutine<Void> registerCallback(Promise<String> p, List<String> log, String name) {
        p.addDoneCallback(done -> log.add(name + " ran"));
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> registerAndComplete(Promise<String> p, List<String> log) {
        p.addDoneCallback(done -> log.add("second loop's callback ran"));
        boolean completed = p.complete("v");   // the first loop's callback comes first, and its loop is closed
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of("completed=" + completed);
    }

    @Test
    void aCallbackWhoseLoopWasClosedIsDroppedWithoutFailingTheCompleterOrTheCallbacksAfterIt() {
        Promise<String> p = new Promise<>();
        List<String> log = new ArrayList<>();
        Weft.run(registerCallback(p, log, "first loop's callback"));   // that loop is closed when run returns
        assertEquals("completed=true", Weft.run(registerAndComplete(p, log)));
        assertEquals(List.of("second loop's callback ran"), log);
    }
}
