package dev.weft.agent;

import dev.weft.transformer.WeaveProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotWovenReportTest {
    @Test
    void aRefusalWithOneProblemSpeaksOfIt() {
        List<WeaveProblem> one = List.of(new WeaveProblem("a.B", "f()", "B.java", 4, "why"));
        assertEquals(List.of("[weft] not woven: a.B (1 problem); it loads as compiled, and where it needs weaving it throws a"
                + " NotWovenError naming it:", "[weft] B.java:4: a.B.f(): why"), NotWovenReport.refusal("a.B", one, true));
        assertEquals("[weft] not woven: a.B (1 problem); it loads as compiled:", NotWovenReport.refusal("a.B", one, false).get(0));
        assertEquals("the Weft agent refused class a.B, which loaded as it was compiled. Fix this problem (the agent printed"
                + " it when the class loaded):" + System.lineSeparator() + "  B.java:4: a.B.f(): why", NotWovenReport.refusalReason("a.B", one));
    }

    @Test
    void theIncludeSuggestedMatchesTheClassesPackage() {
        List<IncludePattern> includes = List.of(IncludePattern.parse("com.acme.**"));
        assertTrue(NotWovenReport.notIncludedReason("org.x.Outer$Inner", includes).contains("(include=com.acme.**) do not match it."
                + " Add include=org.x.* to"), NotWovenReport.notIncludedReason("org.x.Outer$Inner", includes));
        assertTrue(NotWovenReport.notIncludedReason("Main", includes).contains("Add include=Main to"),
                NotWovenReport.notIncludedReason("Main", includes));
        assertTrue(IncludePattern.parse("org.x.*").matches("org/x/Outer$Inner"), "the suggestion would include it");
    }
}
