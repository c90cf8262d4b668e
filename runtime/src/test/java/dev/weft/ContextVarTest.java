package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pins {@link ContextVar.Token}: the token of a first {@code set} tells that the variable had no value before and
 * has no old value to give; the token of a later {@code set} gives the value it replaced; resetting with either
 * restores exactly that. Each test runs in a fresh {@link Context} of its own.
 */
class ContextVarTest {
    private static final ContextVar<String> NAME = new ContextVar<>("name");

    @Test
    void theTokenOfAFirstSetHasNoOldValueAndALaterOneGivesWhatItReplaced() {
        new Context().run(() -> {
            ContextVar.Token<String> first = NAME.set("a");
            ContextVar.Token<String> second = NAME.set("b");
            assertFalse(first.hadValue());
            assertEquals("context variable 'name' had no value before",
                    assertThrows(NoSuchElementException.class, first::oldValue).getMessage());
            assertTrue(second.hadValue());
            assertEquals("a", second.oldValue());
            assertSame(NAME, second.variable());
            NAME.reset(second);
            assertEquals("a", NAME.get());
            NAME.reset(first);
            assertEquals("unset", NAME.get("unset"));
        });
    }
}
