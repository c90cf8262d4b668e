package dev.weft.it.fuzz;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounded differential fuzz run of {@code mvn verify}: a fixed set of seeds, each program woven and run
 * against the synchronous reference ({@link DifferentialOracle}). A divergence fails the test with the seed
 * and a shrunk reproducer; divergences of a kind already saved as an open regression are only reported.
 * {@link FuzzMain} runs the same check for as long as asked.
 */
class DifferentialFuzzTest {
    static final long FIRST_SEED = 1;
    static final int PROGRAMS = 300;
    /** At most this many failures are shrunk (30 s each); the others are listed by seed. */
    private static final int SHRUNK = 2;

    @Test
    void wovenProgramsBehaveLikeTheReference() {
        long start = System.currentTimeMillis();
        FuzzCampaign campaign = new FuzzCampaign();
        Set<String> open = Regressions.openSignatures(campaign.oracle());
        List<String> failures = new ArrayList<>();
        int skipped = 0;
        int knownOpen = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + PROGRAMS; seed++) {
            Verdict v = campaign.check(seed);
            if (v.kind() == Verdict.Kind.SAME) {
                continue;
            }
            if (v.kind() == Verdict.Kind.TOO_LARGE || v.kind() == Verdict.Kind.JAVAC_CRASHED || v.kind() == Verdict.Kind.JAVAC_MISCOMPILED) {
                skipped++;
            } else if (v.kind().divergence && open.contains(v.signature())) {
                knownOpen++;
                System.out.println("fuzz: seed " + seed + " shows a known open divergence: " + v.signature());
            } else if (failures.size() < SHRUNK) {
                failures.add(campaign.shrink(seed, v, 30_000).report());
            } else {
                failures.add("seed " + seed + ": " + v.signature() + " (not shrunk; reproduce with FuzzMain --seed " + seed + " --count 1)");
            }
        }
        System.out.printf("fuzz: %d programs (seeds %d..%d) in %.1f s: %d failures, %d known open divergences, %d skipped%n",
                PROGRAMS, FIRST_SEED, FIRST_SEED + PROGRAMS - 1, (System.currentTimeMillis() - start) / 1000.0,
                failures.size(), knownOpen, skipped);
        System.out.println("fuzz: " + campaign.oracle().injectionStats());
        assertTrue(failures.isEmpty(), failures.size() + " programs diverged or were invalid:\n\n" + String.join("\n\n", failures));
        assertTrue(skipped <= PROGRAMS / 20, skipped + " programs skipped: the generator makes too many that javac or the weaver cannot take");
    }
}
