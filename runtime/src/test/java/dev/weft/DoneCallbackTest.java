package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.weft.test.ScopeBodies.await;
import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins how {@link DoneCallback} registrations are removed from a {@link Task} ({@code removeDoneCallback}): every
 * registration of the callback goes, whether it leaves none, one or several others, which keep their order and
 * still run once the task is done; other callbacks of the task (an awaiting task's wake-up) are never touched.
 */
class DoneCallbackTest extends ManualLoopTest {
    private final Promise<Object> go = new Promise<>();
    private final Task<Object> task = loop.createTask(script("work", 1, (f, v, e) -> await(go), (f, v, e) -> v));

    private int[] removeAndFinish(Consumer<Task<Object>> removed, List<Consumer<Task<Object>>> registered) {
        int[] count = {-1};
        onLoop(() -> {
            registered.forEach(task::addDoneCallback);
            count[0] = task.removeDoneCallback(removed);
        });
        onLoop(() -> go.complete("v"));
        return count;
    }

    @Test
    void removingTheOnlyCallbackRegisteredTwiceLeavesNothingToRun() {
        List<String> ran = new ArrayList<>();
        Consumer<Task<Object>> a = t -> ran.add("a");
        assertEquals(2, removeAndFinish(a, List.of(a, a))[0]);
        assertEquals("v", task.result());
        assertEquals(List.of(), ran);
    }

    @Test
    void removingOneOfTwoLeavesTheOther() {
        List<String> ran = new ArrayList<>();
        Consumer<Task<Object>> a = t -> ran.add("a");
        Consumer<Task<Object>> b = t -> ran.add("b " + t.result());
        assertEquals(1, removeAndFinish(a, List.of(a, b))[0]);
        assertEquals(List.of("b v"), ran);
    }

    @Test
    void removingOneOfSeveralKeepsTheOthersInOrderAndAnAwaitersWakeUp() {
        List<String> ran = new ArrayList<>();
        Consumer<Task<Object>> a = t -> ran.add("a");
        Consumer<Task<Object>> b = t -> ran.add("b");
        Consumer<Task<Object>> c = t -> ran.add("c");
        Task<Object> awaiter = loop.createTask(script("awaiter", 1, (f, v, e) -> await(task), (f, v, e) -> "saw " + v));
        loop.runUntilIdle();
        assertEquals(2, removeAndFinish(a, List.of(b, a, c, a))[0]);
        assertEquals(List.of("b", "c"), ran);
        assertEquals("saw v", awaiter.result());
        assertEquals(0, task.removeDoneCallback(b), "nothing is removed once done");
    }
}
