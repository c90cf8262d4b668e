package dev.weft.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncludePatternTest {

    @Test
    void singleStarIsOnePackage() {
        IncludePattern p = IncludePattern.parse("com.acme.*");
        assertTrue(p.matches("com/acme/Service"));
        assertTrue(p.matches("com/acme/Service$Inner"));
        assertFalse(p.matches("com/acme/sub/Service"));
        assertFalse(p.matches("com/acmex/Service"));
        assertFalse(p.matches("com/Service"));
        assertFalse(p.matches("com/acme"));
    }

    @Test
    void doubleStarIsAPackageTree() {
        IncludePattern p = IncludePattern.parse("com.acme.**");
        assertTrue(p.matches("com/acme/Service"));
        assertTrue(p.matches("com/acme/sub/deep/Service"));
        assertFalse(p.matches("com/acmex/Service"));
        assertFalse(p.matches("com/acme"));
        assertFalse(p.matches("org/acme/Service"));
    }

    @Test
    void otherwiseExactlyOneClass() {
        IncludePattern p = IncludePattern.parse("com.acme.Service");
        assertTrue(p.matches("com/acme/Service"));
        assertFalse(p.matches("com/acme/Service$Inner"));
        assertFalse(p.matches("com/acme/ServiceImpl"));
        assertFalse(p.matches("com/acme/Service/X"));
        assertTrue(IncludePattern.parse("com.acme.Service$Inner").matches("com/acme/Service$Inner"));
    }

    @Test
    void bareStarsAreTheUnnamedPackageAndEverything() {
        assertTrue(IncludePattern.parse("*").matches("Main"));
        assertFalse(IncludePattern.parse("*").matches("com/Main"));
        assertTrue(IncludePattern.parse("**").matches("Main"));
        assertTrue(IncludePattern.parse("**").matches("com/acme/deep/Main"));
    }

    @Test
    void keepsTheTextAsWritten() {
        assertEquals("com.acme.**", IncludePattern.parse("com.acme.**").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".*", ".**", "com.*.acme", "com..acme", ".com.acme", "com.acme.", "com.acme.***",
        "com/acme/Service", "com.acme*", "***"})
    void malformedPatternsAreRejected(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IncludePattern.parse(pattern));
        assertFalse(e.getMessage().isEmpty());
    }
}
