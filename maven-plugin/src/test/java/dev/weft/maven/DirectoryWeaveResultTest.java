package dev.weft.maven;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectoryWeaveResultTest {

    @Test
    void summaryCountsWithPlurals() {
        assertEquals("wove 7 methods in 3 classes (41 classes scanned)", new DirectoryWeaveResult(41, 3, 7).summary());
        assertEquals("wove 1 method in 1 class (1 class scanned)", new DirectoryWeaveResult(1, 1, 1).summary());
        assertEquals("wove 0 methods in 0 classes (0 classes scanned)", DirectoryWeaveResult.NOTHING.summary());
    }
}
