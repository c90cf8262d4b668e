package dev.weft.it.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/** The generator's only source of randomness: one seed gives one program, on every JVM. */
final class Rand {
    private final SplittableRandom random;

    Rand(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A number in {@code [0, n)}. */
    int below(int n) {
        return random.nextInt(n);
    }

    /** A number in {@code [lo, hi]}. */
    int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /**
     * Picks an index by weight: {@code weights[i]} is the relative chance of {@code i}; a weight of 0 (an
     * inapplicable choice) is never picked. At least one weight must be positive.
     */
    int weighted(int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new AssertionError();
    }
}
