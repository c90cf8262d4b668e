package dev.weft.it.fuzz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every saved fuzz reproducer ({@link Regressions}) woven and as the reference, and requires the same
 * trace. One still marked {@code // open:} is reported as skipped while it diverges.
 */
class FuzzRegressionTest {
    private static final DifferentialOracle ORACLE = new FuzzCampaign().oracle();

    @TestFactory
    Stream<DynamicTest> savedReproducersBehaveLikeTheReference() {
        return Regressions.all().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            Verdict v = ORACLE.check(r.source());
            if (v.kind() == Verdict.Kind.SAME) {
                if (r.open()) {
                    System.out.println("fuzz regression " + r.name() + " passes now: remove its '// open:' line");
                }
                return;
            }
            String report = r.name() + ": " + v.kind() + "\n" + v.detail()
                    + (v.wovenTrace() != null ? "\n--- woven trace:\n" + v.wovenTrace() : "")
                    + (v.refTrace() != null ? "\n--- reference trace:\n" + v.refTrace() : "");
            Assumptions.assumeFalse(r.open(), "still open (" + r.openReason() + "): " + report);
            fail(report);
        }));
    }
}
