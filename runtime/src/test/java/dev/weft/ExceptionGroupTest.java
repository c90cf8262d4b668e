package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link ExceptionGroup#split}: a nested group without a match stays whole in the rest; the parts carry the
 * group's cause, unless {@link ExceptionGroup#derive} already gave them one of their own.
 */
class ExceptionGroupTest {
    /** A group whose derived parts carry a cause of their own. */
    static final class Traced extends ExceptionGroup {
        Traced(List<? extends Throwable> exceptions) {
            super("traced", exceptions);
        }

        @Override
        protected ExceptionGroup derive(List<Throwable> exceptions) {
            Traced t = new Traced(exceptions);
            t.initCause(new IllegalStateException("derived cause"));
            return t;
        }
    }

    @Test
    void aNestedGroupWithoutAMatchStaysWholeInTheRest() {
        IOException io = new IOException("io");
        ExceptionGroup nested = new ExceptionGroup(List.of(new IllegalStateException("state")));
        ExceptionGroup group = new ExceptionGroup("outer", List.of(io, nested));
        IllegalArgumentException cause = new IllegalArgumentException("cause");
        group.initCause(cause);
        ExceptionGroup.Split s = group.split(IOException.class);
        assertEquals(List.of(io), s.match().exceptions());
        assertEquals(List.of(nested), s.rest().exceptions());
        assertSame(nested, s.rest().exceptions().get(0), "not split: nothing in it matched");
        assertSame(cause, s.match().getCause());
        assertSame(cause, s.rest().getCause());
        assertEquals("outer (1 sub-exception)", s.rest().getMessage());
    }

    @Test
    void aPartDeriveGaveACauseKeepsIt() {
        IOException io = new IOException("io");
        IllegalStateException state = new IllegalStateException("state");
        Traced group = new Traced(List.of(io, state));
        group.initCause(new IllegalArgumentException("group cause"));
        ExceptionGroup.Split s = group.split(IOException.class);
        assertInstanceOf(Traced.class, s.match());
        assertEquals("derived cause", s.match().getCause().getMessage());
        assertEquals("derived cause", s.rest().getCause().getMessage());
        ExceptionGroup plain = new ExceptionGroup(List.of(io, state));
        assertNull(plain.split(IOException.class).match().getCause(), "no cause to carry");
    }
}
