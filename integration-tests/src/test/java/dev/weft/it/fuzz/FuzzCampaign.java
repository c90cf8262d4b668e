package dev.weft.it.fuzz;

/**
 * Checks programs seed by seed, and shrinks each divergence (or invalid program) to a minimal reproducer.
 * Shared by the bounded test, the long-running {@link FuzzMain} and the regression test.
 */
final class FuzzCampaign {
    /** A divergence or generator bug: the seed, what happened, and the smallest program still showing it. */
    record Finding(long seed, Verdict verdict, String minimalSource, Verdict minimalVerdict, int shrinkTests) {

        String report() {
            return "seed " + seed + ": " + verdict.kind() + (verdict.kind().generatorBug ? " (generator bug)" : " (divergence)") + "\n"
                    + "  " + indent(verdict.detail()) + "\n"
                    + "minimal program (" + shrinkTests + " candidates tried), " + minimalVerdict.kind() + ":\n"
                    + "  " + indent(minimalVerdict.detail()) + "\n"
                    + minimalSource
                    + (minimalVerdict.wovenTrace() != null ? "--- woven trace:\n" + minimalVerdict.wovenTrace() + "\n" : "")
                    + (minimalVerdict.refTrace() != null ? "--- reference trace:\n" + minimalVerdict.refTrace() + "\n" : "");
        }

        private static String indent(String s) {
            String t = s == null ? "" : s.strip();
            if (t.length() > 3000) {
                t = t.substring(0, 3000) + " ...";
            }
            return t.replace("\n", "\n  ");
        }
    }

    private final DifferentialOracle oracle = new DifferentialOracle(new FuzzCompiler());

    DifferentialOracle oracle() {
        return oracle;
    }

    /** The program of a seed, in the woven spelling. */
    static String source(long seed) {
        return ProgramGenerator.generate(seed).render();
    }

    /** Runs one seed; the verdict of the whole program. */
    Verdict check(long seed) {
        return oracle.check(source(seed));
    }

    /** Shrinks the program of {@code seed}, which failed with {@code verdict}, within {@code budgetMillis}. */
    Finding shrink(long seed, Verdict verdict, long budgetMillis) {
        Node root = ProgramGenerator.generate(seed);
        String signature = verdict.signature();
        Shrinker shrinker = new Shrinker(source -> {
            Verdict v = oracle.check(source);
            return v.kind() == verdict.kind() && v.signature().equals(signature);
        }, budgetMillis);
        if (verdict.kind() != Verdict.Kind.REFERENCE_TIMEOUT && verdict.kind() != Verdict.Kind.WOVEN_TIMEOUT) {
            shrinker.shrink(root); // time-outs take 20 s a candidate: not worth shrinking
        }
        String minimal = Reindent.format(root.render());
        return new Finding(seed, verdict, minimal, oracle.check(minimal), shrinker.tests());
    }
}
