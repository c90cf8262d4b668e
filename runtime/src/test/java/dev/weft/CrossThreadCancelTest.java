package dev.weft;

import dev.weft.test.HandWoven;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Task#cancel} from a thread that does not run the loop ({@link CrossThreadCancel}): while another thread
 * runs the loop the request is handed to it and carried out there; raced on real threads against the loop's close
 * (as in {@link LoopCloseRaceTest}), it is accepted (carried out at once, by the loop, or superseded by the
 * shutdown's own cancellation) or, once the loop refused it, answered {@code false} because the shutdown had
 * finished the task: either way the task ends cancelled and the call never hangs.
 */
class CrossThreadCancelTest {
    /** Enough for the rare refusal after the seal (the caller preempted between its check and its hand-in): a few per 20,000. */
    private static final int ROUNDS = 50_000;

    @Test
    void aCancelFromAnotherThreadWhileTheLoopRunsIsCarriedOutByTheLoop() throws Exception {
        EventLoop loop = new EventLoop();
        Promise<Integer> p = new Promise<>();
        Task<Integer> task = loop.createTask(HandWoven.awaitOne(p));
        Thread runner = new Thread(() -> {
            try {
                loop.runUntilComplete(task);
            } catch (RuntimeException expected) { // the task's cancellation is not the runner's concern
            }
        }, "loop");
        runner.start();
        while (!loop.isRunning()) {
            Thread.onSpinWait();
        }
        assertTrue(task.cancel("from outside"));
        runner.join(10_000);
        assertFalse(runner.isAlive());
        assertTrue(task.isCancelled());
        assertEquals("from outside", task.exception().getMessage());
        assertTrue(p.isCancelled());
        loop.close();
    }

    @Test
    void aCancelRacingTheLoopsCloseIsAcceptedOrAnsweredFalseForTheFinishedTask() throws Exception {
        @SuppressWarnings("unchecked")
        Task<Integer>[] task = new Task[1];
        boolean[] doneWhenRefused = new boolean[1];
        CloseRace.run(ROUNDS, i -> {
            EventLoop loop = new EventLoop();
            task[0] = loop.createTask(HandWoven.awaitOne(new Promise<Integer>()));
            loop.runUntilIdle();
            return loop;
        }, () -> doneWhenRefused[0] = task[0].cancel("from outside") || task[0].isDone(), i -> {
            assertTrue(task[0].isCancelled(), "round " + i);
            assertTrue(doneWhenRefused[0], "a refused cancel found the task done, round " + i);
        });
    }
}
