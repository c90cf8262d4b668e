package dev.weft.it.structured;

import dev.weft.ExceptionGroup;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ExceptionGroup: messages, split and subgroup like Python's except*, nesting, derive. */
class ExceptionGroupTest {
    private final IllegalStateException state = new IllegalStateException("state");
    private final IllegalArgumentException argument = new IllegalArgumentException("argument");
    private final UncheckedIOException io = new UncheckedIOException(new java.io.IOException("io"));

    @Test
    void theMessageCountsTheSubExceptions() {
        assertEquals("2 sub-exceptions", new ExceptionGroup(List.of(state, io)).getMessage());
        assertEquals("1 sub-exception", new ExceptionGroup(List.of(state)).getMessage());
        ExceptionGroup named = new ExceptionGroup("fetching", List.of(state, io, argument));
        assertEquals("fetching (3 sub-exceptions)", named.getMessage());
        assertEquals("fetching", named.baseMessage());
        assertEquals(List.of(state, io, argument), named.exceptions());
        assertArrayEquals(new Throwable[]{state, io, argument}, named.getSuppressed(), "printed with the stack trace");
    }

    @Test
    void anEmptyGroupOrANullMemberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup(List.of()));
        assertThrows(NullPointerException.class, () -> new ExceptionGroup(java.util.Arrays.asList(state, null)));
        assertThrows(UnsupportedOperationException.class, () -> new ExceptionGroup(List.of(state)).exceptions().add(io));
    }

    @Test
    void splitByTypeGivesTheMatchAndTheRest() {
        ExceptionGroup g = new ExceptionGroup("g", List.of(state, io, argument));
        ExceptionGroup.Split s = g.split(RuntimeException.class);
        assertSame(g, s.match(), "everything matches: the group itself");
        assertNull(s.rest());

        s = g.split(IllegalArgumentException.class);
        assertEquals(List.of(argument), s.match().exceptions());
        assertEquals(List.of(state, io), s.rest().exceptions());
        assertEquals("g (1 sub-exception)", s.match().getMessage());

        s = g.split(ArithmeticException.class);
        assertNull(s.match());
        assertSame(g, s.rest());
    }

    @Test
    void nestedGroupsAreSplitRecursivelyKeepingTheirShape() {
        ExceptionGroup inner = new ExceptionGroup("inner", List.of(io, argument));
        ExceptionGroup outer = new ExceptionGroup("outer", List.of(state, inner));
        ExceptionGroup.Split s = outer.split(UncheckedIOException.class);
        ExceptionGroup match = s.match();
        assertEquals("outer", match.baseMessage());
        assertEquals(1, match.exceptions().size());
        ExceptionGroup matchInner = (ExceptionGroup) match.exceptions().get(0);
        assertEquals("inner", matchInner.baseMessage());
        assertEquals(List.of(io), matchInner.exceptions());

        ExceptionGroup rest = s.rest();
        assertEquals(state, rest.exceptions().get(0));
        assertEquals(List.of(argument), ((ExceptionGroup) rest.exceptions().get(1)).exceptions());

        // a condition matching the nested group itself takes it whole
        ExceptionGroup.Split byGroup = outer.split(e -> e == inner);
        assertEquals(List.of(inner), byGroup.match().exceptions());
        assertEquals(List.of(state), byGroup.rest().exceptions());
    }

    @Test
    void subgroupKeepsWhatMatchesAndPartsCarryTheCauseAndStackTrace() {
        RuntimeException cause = new RuntimeException("why");
        ExceptionGroup g = new ExceptionGroup(List.of(state, argument));
        g.initCause(cause);
        ExceptionGroup sub = g.subgroup(e -> e.getMessage().startsWith("arg"));
        assertEquals(List.of(argument), sub.exceptions());
        assertSame(cause, sub.getCause());
        assertArrayEquals(g.getStackTrace(), sub.getStackTrace());
        assertNull(g.subgroup(ArithmeticException.class));
        assertEquals(List.of(state), g.subgroup(IllegalStateException.class).exceptions());
    }

    static final class Failures extends ExceptionGroup {
        final String request;

        Failures(String request, List<? extends Throwable> exceptions) {
            super("request " + request, exceptions);
            this.request = request;
        }

        @Override
        protected ExceptionGroup derive(List<Throwable> exceptions) {
            return new Failures(request, exceptions);
        }
    }

    @Test
    void deriveLetsASubclassKeepItsTypeThroughSplit() {
        Failures f = new Failures("r1", List.of(state, io));
        ExceptionGroup.Split s = f.split(IllegalStateException.class);
        assertInstanceOf(Failures.class, s.match());
        assertEquals("r1", ((Failures) s.rest()).request);
    }
}
