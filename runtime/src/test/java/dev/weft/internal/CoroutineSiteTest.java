package dev.weft.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The weaver's packed description of an {@code @Async} method ({@code "pkg.Owner.method"}, optionally followed by
 * {@code "\0File.java\0line1,line2,..."}): its name, and the stack trace element of await {@code k} (label k) when
 * the site says where that is, null otherwise (no file part, no line list, the start label, a label past the list).
 */
class CoroutineSiteTest {
    /** The separator, a NUL character (a constant: a backslash-zero escape followed by digits would be an octal escape). */
    private static final String SEP = "\0";
    private static final String FULL = "app.Owner.fetch" + SEP + "Owner.java" + SEP + "12,15";

    @Test
    void theNameIsWhatComesBeforeTheFirstSeparator() {
        assertEquals("app.Owner.fetch", CoroutineSite.name("app.Owner.fetch"));
        assertEquals("app.Owner.fetch", CoroutineSite.name(FULL));
    }

    @Test
    void labelKIsAtTheKthLineOfTheList() {
        StackTraceElement first = CoroutineSite.awaitingAt(FULL, 1);
        assertEquals(new StackTraceElement("app.Owner", "fetch", "Owner.java", 12), first);
        StackTraceElement second = CoroutineSite.awaitingAt(FULL, 2);
        assertEquals(15, second.getLineNumber());
        assertEquals("app.Owner.fetch(Owner.java:15)", second.toString());
    }

    @Test
    void anUnknownPlaceIsNull() {
        assertNull(CoroutineSite.awaitingAt("app.Owner.fetch", 1), "no file part");
        assertNull(CoroutineSite.awaitingAt(FULL, 0), "label 0 is the start, not an await");
        assertNull(CoroutineSite.awaitingAt("app.Owner.fetch" + SEP + "Owner.java", 1), "a file but no line list");
        assertNull(CoroutineSite.awaitingAt(FULL, 3), "only two awaits are listed");
    }

    @Test
    void anEmptyFileNameMeansTheSourceFileIsUnknown() {
        StackTraceElement e = CoroutineSite.awaitingAt("app.Owner.fetch" + SEP + SEP + "7", 1);
        assertNull(e.getFileName());
        assertEquals(7, e.getLineNumber());
        assertEquals("app.Owner", e.getClassName());
        assertEquals("fetch", e.getMethodName());
    }
}
