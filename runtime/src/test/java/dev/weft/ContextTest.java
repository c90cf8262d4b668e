package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.test.ScopeBodies.script;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link Context#run} entering and leaving: a task that never needed a context runs another one and is left
 * without one (what the function set stays in the context it ran); a context entered inside another one's run
 * leaves the outer one entered, so it still cannot be entered again until its own run ends.
 */
class ContextTest {
    private static final ContextVar<String> NAME = new ContextVar<>("name");
    private final EventLoop loop = new EventLoop(ManualClock.create());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aTaskWithoutAContextOfItsOwnRunsAnotherAndStaysWithoutOne() {
        Context ran = new Context();
        List<String> seen = new ArrayList<>();
        Task<Object> t = loop.createTask(script("body", 1, (f, v, e) -> {
            ran.run(() -> NAME.set("inside"));
            seen.add(NAME.get("none"));
            seen.add(String.valueOf(Weft.currentTask().context == null));
            return "done";
        }));
        loop.runUntilIdle();
        assertEquals("done", t.result());
        assertEquals(List.of("none", "true"), seen);
        assertEquals("inside", ran.get(NAME));
    }

    @Test
    void aContextRunInsideAnotherLeavesTheOuterOneEntered() {
        Context outer = new Context();
        Context inner = new Context();
        String refused = outer.run(() -> {
            inner.run(() -> NAME.set("inner"));
            try {
                outer.run(() -> "entered twice");
                return "accepted";
            } catch (IllegalStateException e) {
                return "refused";
            }
        });
        assertEquals("refused", refused);
        assertEquals("inner", inner.get(NAME));
        assertNull(outer.get(NAME));
        assertEquals("entered after its run", outer.run(() -> "entered after its run"));
    }
}
