package dev.weft.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {
    private final List<String> warnings = new ArrayList<>();

    @Test
    void noArgumentsMeansDefaults() {
        for (String args : new String[] {null, "", "  ", ",,"}) {
            AgentOptions options = AgentOptions.parse(args, warnings::add);
            assertEquals(List.of(), options.includes());
            assertFalse(options.verbose());
            assertNull(options.dumpDirectory());
            assertTrue(options.isIncluded("any/Class"));
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void parsesEveryOption() {
        AgentOptions options = AgentOptions.parse(
                "include=com.acme.*, include=org.example.**,include=Main,verbose,dump=build/woven", warnings::add);

        assertEquals("[com.acme.*, org.example.**, Main]", options.includes().toString());
        assertTrue(options.verbose());
        assertEquals(Path.of("build/woven"), options.dumpDirectory());
        assertEquals(List.of(), warnings);
    }

    @Test
    void includesSelectClasses() {
        AgentOptions options = AgentOptions.parse("include=com.acme.*,include=org.example.**,include=Main", warnings::add);

        assertTrue(options.isIncluded("com/acme/Service"));
        assertTrue(options.isIncluded("org/example/a/b/C"));
        assertTrue(options.isIncluded("Main"));
        assertFalse(options.isIncluded("com/acme/sub/Service"));
        assertFalse(options.isIncluded("Other"));
    }

    @Test
    void anUnknownOptionIsReportedOnceAndTheRestStillApplies() {
        AgentOptions options = AgentOptions.parse("verbose,colour=blue,include=com.acme.*", warnings::add);

        assertEquals(1, warnings.size());
        String line = warnings.get(0);
        assertTrue(line.startsWith("[weft] ignoring unknown agent option 'colour=blue'; valid options: "), line);
        assertTrue(line.contains("include=PATTERN") && line.contains("verbose") && line.contains("dump=DIRECTORY"), line);
        assertFalse(line.contains("\n"));
        assertTrue(options.verbose());
        assertEquals("[com.acme.*]", options.includes().toString());
    }

    @Test
    void malformedValuesAreReportedAndIgnored() {
        AgentOptions options = AgentOptions.parse("include=com.*.x,dump=,include=org.ok.*,verbose=yes", warnings::add);

        assertEquals(3, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("[weft] ignoring agent option 'include=com.*.x': "), warnings::toString);
        assertTrue(warnings.get(1).startsWith("[weft] ignoring agent option 'dump=': no directory given"), warnings::toString);
        assertTrue(warnings.get(2).startsWith("[weft] ignoring unknown agent option 'verbose=yes'"), warnings::toString);
        assertEquals("[org.ok.*]", options.includes().toString());
        assertNull(options.dumpDirectory());
        assertFalse(options.verbose());
    }

    @Test
    void describesItself() {
        assertEquals("include=[all classes], verbose=false, dump=none", AgentOptions.defaults().toString());
        assertEquals("include=[a.*], verbose=true, dump=out",
                AgentOptions.parse("include=a.*,verbose,dump=out", warnings::add).toString());
    }
}
