package dev.weft.it.loop;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** The Task API of issue 3: names, cancelling/uncancel, callbacks, futures, eager start, current/all tasks. */
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
}
