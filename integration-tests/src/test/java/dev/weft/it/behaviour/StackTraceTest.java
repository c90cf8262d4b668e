package dev.weft.it.behaviour;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Line numbers survive weaving: a stack trace points at the user's lines, before and after a suspension. */
class StackTraceTest {
    private static final String SOURCE = """
        package st;
        import dev.weft.*;
        import java.time.Duration;
        import static dev.weft.Weft.await;
        public class Traces {
            @Async static Coroutine<Integer> fail(boolean suspendFirst) {
                if (suspendFirst) {
                    await(Weft.sleep(Duration.ZERO));
                }
                throw new IllegalStateException("line 10");
            }
            @Async static Coroutine<Integer> caller(boolean suspendFirst) {
                int x = await(fail(suspendFirst));
                return Coroutine.of(x);
            }
            public static Object run(boolean suspendFirst) {
                try {
                    Weft.run(caller(suspendFirst));
                    return null;
                } catch (IllegalStateException e) {
                    return e.getStackTrace();
                }
            }
        }
        """;

    @Test
    void throwBeforeAnySuspensionPointsAtTheUsersLine() throws Throwable {
        StackTraceElement[] trace = (StackTraceElement[]) Woven.call("st.Traces", SOURCE, "run", false);
        assertTop(trace);
    }

    @Test
    void throwAfterResumingPointsAtTheUsersLine() throws Throwable {
        StackTraceElement[] trace = (StackTraceElement[]) Woven.call("st.Traces", SOURCE, "run", true);
        assertTop(trace);
    }

    @Test
    void afterResumingTheTraceShowsTheAwaitingCoroutinesAsAnAsyncChain() throws Throwable {
        StackTraceElement[] trace = (StackTraceElement[]) Woven.call("st.Traces", SOURCE, "run", true);
        String all = Arrays.stream(trace).map(String::valueOf).collect(Collectors.joining("\n"));
        assertEquals(new StackTraceElement("st.Traces", "caller", "Traces.java", 13), trace[1], all);
    }

    @Test
    void aCancelledTaskShowsWhereEachOfItsCoroutinesWasWaiting() throws Throwable {
        String source = """
            package st;
            import dev.weft.*;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class Cancelled {
                @Async static Coroutine<Void> leaf() {
                    await(Weft.sleep(Duration.ofHours(1)));
                    return Coroutine.done();
                }
                @Async static Coroutine<Void> middle() {
                    await(leaf());
                    return Coroutine.done();
                }
                @Async static Coroutine<Object> main() {
                    Task<Void> t = Weft.spawn(middle());
                    await(Weft.sleep(Duration.ZERO));
                    t.cancel();
                    try {
                        await(t);
                        return Coroutine.of(null);
                    } catch (CancelledException e) {
                        return Coroutine.of(e.getStackTrace());
                    }
                }
                public static Object run() { return Weft.run(main()); }
            }
            """;
        StackTraceElement[] trace = (StackTraceElement[]) Woven.call("st.Cancelled", source, "run");
        String all = Arrays.stream(trace).map(String::valueOf).collect(Collectors.joining("\n"));
        assertEquals(new StackTraceElement("st.Cancelled", "leaf", "Cancelled.java", 7), trace[0], all);
        assertEquals(new StackTraceElement("st.Cancelled", "middle", "Cancelled.java", 11), trace[1], all);
    }

    private static void assertTop(StackTraceElement[] trace) {
        StackTraceElement top = trace[0];
        String all = Arrays.stream(trace).map(String::valueOf).collect(Collectors.joining("\n"));
        assertEquals("st.Traces", top.getClassName(), all);
        assertEquals("Traces.java", top.getFileName(), all);
        assertEquals(10, top.getLineNumber(), all);
        // the method itself, or its woven body lambda$fail$weftN (named as javac names a lambda's body)
        assertTrue(top.getMethodName().equals("fail") || top.getMethodName().matches("lambda\\$fail\\$weft\\d+"), all);
        List<StackTraceElement> frames = Arrays.asList(trace);
        assertTrue(frames.stream().noneMatch(f -> f.getLineNumber() < 0 && f.getClassName().equals("st.Traces")), all);
    }
}
