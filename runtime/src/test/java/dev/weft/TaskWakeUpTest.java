package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A task is its own wake-up ({@link Task#run()}) and its own ready-queue entry. */
class TaskWakeUpTest {
    /** Awaits {@code promise} once and returns its value plus one, logging the thread it resumed on. */
    static final class AwaitOnce extends CoroutineMachine<Integer> {
        private final Promise<Integer> promise;
        private final List<Thread> resumedOn;
        private boolean waited;

        AwaitOnce(Promise<Integer> promise, List<Thread> resumedOn) {
            super("TaskWakeUpTest.awaitOnce");
            this.promise = promise;
            this.resumedOn = resumedOn;
        }

        @Override
        Object advance(Object value, Throwable failure) {
            if (!waited) {
                waited = true;
                return await(promise);
            }
            resumedOn.add(Thread.currentThread());
            if (failure != null) {
                throw rethrow(failure);
            }
            return (Integer) value + 1;
        }
    }

    @Test
    void extraWakeUpsAreHarmless() {
        Promise<Integer> p = new Promise<>();
        List<Thread> resumedOn = new ArrayList<>();
        int result = Weft.run(new CoroutineMachine<Integer>("TaskWakeUpTest.main") {
            Task<Integer> task;

            @Override
            Object advance(Object value, Throwable failure) {
                if (task == null) {
                    task = Weft.spawn(new AwaitOnce(p, resumedOn).frame);
                    return await(Weft.sleep(java.time.Duration.ZERO));
                }
                if (!p.isDone()) {
                    for (int i = 0; i < 5; i++) {
                        task.run();        // spurious wake-ups: each step finds the promise pending
                    }
                    EventLoop.current().callSoon(task);
                    p.complete(41);
                    return await(task);
                }
                return value;
            }
        }.frame);
        assertEquals(42, result);
        assertEquals(1, resumedOn.size());
    }

    @Test
    void aPromiseCompletedOnAnotherThreadResumesTheTaskOnTheLoopThread() throws Exception {
        Promise<Integer> p = new Promise<>();
        List<Thread> resumedOn = new ArrayList<>();
        Thread completer = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            p.complete(1);
        });
        completer.start();
        Thread[] loopThread = new Thread[1];
        int result = Weft.run(new CoroutineMachine<Integer>("TaskWakeUpTest.main") {
            Task<Integer> task;

            @Override
            Object advance(Object value, Throwable failure) {
                if (task == null) {
                    loopThread[0] = Thread.currentThread();
                    task = Weft.spawn(new AwaitOnce(p, resumedOn).frame);
                    return await(task);
                }
                return value;
            }
        }.frame);
        completer.join();
        assertEquals(2, result);
        assertEquals(List.of(loopThread[0]), resumedOn);
    }

    @Test
    void tasksAreNumberedInCreationOrder() {
        List<String> names = Weft.run(new CoroutineMachine<List<String>>("TaskWakeUpTest.main") {
            @Override
            Object advance(Object value, Throwable failure) {
                Task<Integer> a = Weft.spawn(new AwaitOnce(new Promise<>(), new ArrayList<>()).frame);
                Task<Integer> b = Weft.spawn(new AwaitOnce(new Promise<>(), new ArrayList<>()).frame, "named");
                Task<Integer> c = Weft.spawn(new AwaitOnce(new Promise<>(), new ArrayList<>()).frame);
                return List.of(a.name(), b.name(), c.name());
            }
        }.frame);
        assertTrue(names.get(0).startsWith("Task-"), names.toString());
        assertEquals("named", names.get(1));
        int first = Integer.parseInt(names.get(0).substring(5));
        assertEquals("Task-" + (first + 1), names.get(2));
    }
}
