package dev.weft.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A failure crossing an awaiting frame gets that frame's await position: inserted above the first frame of the
 * driver (the trampoline or the task), or appended when the trace has none; nothing is added when the awaiter's
 * site does not say where it waits, when the failure has no stack trace (stack traces disabled, or a stackless
 * exception), or when the trace is already {@code 1024} frames long.
 */
class AsyncStackTraceTest {
    private static final StackTraceElement THROWER = new StackTraceElement("app.Inner", "work", "Inner.java", 3);
    private static final StackTraceElement TRAMPOLINE = new StackTraceElement("dev.weft.internal.Trampoline", "run", "Trampoline.java", 43);
    private static final StackTraceElement TASK = new StackTraceElement("dev.weft.Task", "step", "Task.java", 311);

    /** A frame of {@code app.Outer.call} suspended at its first await, line 9 of Outer.java. */
    private static WovenCoroutine<Object> awaiterAtLine9() {
        WovenCoroutine<Object> f = WovenCoroutine.create(frame -> null, "app.Outer.call" + "\0" + "Outer.java" + "\0" + "9", 0, 0);
        f.label = 1;
        return f;
    }

    @Test
    void theAwaitIsInsertedAboveTheDriversFrames() {
        RuntimeException e = new RuntimeException("boom");
        e.setStackTrace(new StackTraceElement[] {THROWER, TRAMPOLINE, TASK});
        AsyncStackTrace.recordAwaiter(e, awaiterAtLine9());
        assertArrayEquals(new StackTraceElement[] {THROWER, new StackTraceElement("app.Outer", "call", "Outer.java", 9),
                TRAMPOLINE, TASK}, e.getStackTrace());
    }

    @Test
    void withoutADriverFrameTheAwaitIsAppended() {
        RuntimeException e = new RuntimeException("made on another thread");
        e.setStackTrace(new StackTraceElement[] {THROWER});
        AsyncStackTrace.recordAwaiter(e, awaiterAtLine9());
        assertEquals(2, e.getStackTrace().length);
        assertEquals("app.Outer.call(Outer.java:9)", e.getStackTrace()[1].toString());
    }

    @Test
    void aFailureWithoutAStackTraceStaysWithout() {
        RuntimeException stackless = new RuntimeException("stackless", null, false, false) { };
        AsyncStackTrace.recordAwaiter(stackless, awaiterAtLine9());
        assertEquals(0, stackless.getStackTrace().length);
        RuntimeException emptied = new RuntimeException("emptied");
        emptied.setStackTrace(new StackTraceElement[0]);
        AsyncStackTrace.recordAwaiter(emptied, awaiterAtLine9());
        assertEquals(0, emptied.getStackTrace().length);
    }

    @Test
    void aTraceAlreadyLongEnoughIsLeftAsItIs() {
        StackTraceElement[] deep = new StackTraceElement[1024];
        java.util.Arrays.fill(deep, THROWER);
        RuntimeException e = new RuntimeException("deep");
        e.setStackTrace(deep);
        AsyncStackTrace.recordAwaiter(e, awaiterAtLine9());
        assertEquals(1024, e.getStackTrace().length);
        StackTraceElement[] almost = java.util.Arrays.copyOf(deep, 1023);
        e.setStackTrace(almost);
        AsyncStackTrace.recordAwaiter(e, awaiterAtLine9());
        assertEquals(1024, e.getStackTrace().length, "one short of the limit still grows");
    }

    @Test
    void anAwaiterThatDoesNotSayWhereItWaitsAddsNothing() {
        RuntimeException e = new RuntimeException("boom");
        e.setStackTrace(new StackTraceElement[] {THROWER, TASK});
        WovenCoroutine<Object> noLines = WovenCoroutine.create(frame -> null, "app.Outer.call", 0, 0);
        noLines.label = 1;
        AsyncStackTrace.recordAwaiter(e, noLines);
        assertArrayEquals(new StackTraceElement[] {THROWER, TASK}, e.getStackTrace());
    }
}
