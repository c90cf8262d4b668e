package dev.weft.transformer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassFileScanTest {
    @Test
    void findsTheMarkAnywhereAndOnlyWhole() {
        assertTrue(ClassFileScan.mentionsWeft("xxLdev/weft/Async;".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(ClassFileScan.mentionsWeft("dev/weft/".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ClassFileScan.mentionsWeft("dev/weft".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ClassFileScan.mentionsWeft("dev/wefx/dev/wef".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ClassFileScan.mentionsWeft(new byte[0]));
        assertFalse(ClassFileScan.mentionsWeft(null));
    }
}
