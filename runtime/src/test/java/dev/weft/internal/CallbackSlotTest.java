package dev.weft.internal;

import dev.weft.EventLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one-field callback store: null (none), the Runnable itself (one), a list (several, in registration order);
 * lookups and removals compare by identity and remove only the first registration; removing down to one callback
 * gives back the plain Runnable; running them isolates each (a failure is reported, the next one still runs).
 */
class CallbackSlotTest {
    private final List<String> ran = new ArrayList<>();
    private final Runnable a = () -> ran.add("a");
    private final Runnable b = () -> ran.add("b");
    private final Runnable c = () -> ran.add("c");

    @Test
    void holdsNothingThenTheCallbackThenAListInRegistrationOrder() {
        Object slot = CallbackSlot.add(null, a);
        assertSame(a, slot, "one callback is stored as itself");
        slot = CallbackSlot.add(slot, b);
        assertInstanceOf(List.class, slot);
        Object same = CallbackSlot.add(slot, c);
        assertSame(slot, same, "a list grows in place");
        CallbackSlot.runAll(slot);
        assertEquals(List.of("a", "b", "c"), ran);
        CallbackSlot.runAll(null);
        assertEquals(3, ran.size(), "an empty slot runs nothing");
    }

    @Test
    void containsComparesByIdentityInEveryShape() {
        assertFalse(CallbackSlot.contains(null, a));
        assertTrue(CallbackSlot.contains(a, a));
        assertFalse(CallbackSlot.contains(a, b));
        Runnable equalButNotSame = new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public boolean equals(Object o) {
                return true;
            }

            @Override
            public int hashCode() {
                return 0;
            }
        };
        Object list = CallbackSlot.add(CallbackSlot.add(null, a), b);
        assertTrue(CallbackSlot.contains(list, a));
        assertTrue(CallbackSlot.contains(list, b));
        assertFalse(CallbackSlot.contains(list, c));
        assertFalse(CallbackSlot.contains(list, equalButNotSame), "equals() is not identity");
    }

    @Test
    void removingFromTwoGivesBackThePlainRunnable() {
        Object list = CallbackSlot.add(CallbackSlot.add(null, a), b);
        assertSame(b, CallbackSlot.remove(list, a));
        Object again = CallbackSlot.add(CallbackSlot.add(null, a), b);
        assertSame(a, CallbackSlot.remove(again, b));
    }

    @Test
    void removingFromSeveralKeepsTheListAndTheOrder() {
        Object list = CallbackSlot.add(CallbackSlot.add(CallbackSlot.add(null, a), b), c);
        Object left = CallbackSlot.remove(list, b);
        assertSame(list, left, "still several: the same list");
        CallbackSlot.runAll(left);
        assertEquals(List.of("a", "c"), ran);
    }

    @Test
    void removingWhatIsNotThereChangesNothing() {
        assertNull(CallbackSlot.remove(null, a));
        assertSame(a, CallbackSlot.remove(a, b), "a single other callback stays");
        Object list = CallbackSlot.add(CallbackSlot.add(null, a), b);
        assertSame(list, CallbackSlot.remove(list, c));
        CallbackSlot.runAll(list);
        assertEquals(List.of("a", "b"), ran, "nothing was dropped");
        assertNull(CallbackSlot.remove(a, a));
    }

    @Test
    void aCallbackRegisteredTwiceIsRemovedOnceAtATime() {
        Object slot = CallbackSlot.add(CallbackSlot.add(CallbackSlot.add(null, a), b), a);
        slot = CallbackSlot.remove(slot, a);
        assertTrue(CallbackSlot.contains(slot, a), "the second registration is still there");
        CallbackSlot.runAll(slot);
        assertEquals(List.of("b", "a"), ran, "the first registration went");
        slot = CallbackSlot.remove(slot, a);
        assertSame(b, slot);
    }

    @Test
    void aFailingCallbackIsReportedToTheLoopAndTheOthersStillRun() {
        EventLoop loop = new EventLoop();
        List<String> reports = new ArrayList<>();
        loop.setExceptionHandler((l, message, e) -> reports.add(message + " / " + e.getMessage()));
        IllegalStateException boom = new IllegalStateException("boom");
        Runnable failing = () -> {
            throw boom;
        };
        Object slot = CallbackSlot.add(CallbackSlot.add(CallbackSlot.add(null, a), failing), b);
        loop.callSoon(() -> CallbackSlot.runAll(slot));
        loop.runUntilIdle();
        loop.close();
        assertEquals(List.of("a", "b"), ran);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("exception in done callback"), reports.get(0));
        assertTrue(reports.get(0).endsWith(" / boom"), reports.get(0));
    }
}
