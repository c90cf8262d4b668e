package dev.weft.bench.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Median and its error, as the report computes them from JMH's raw samples too (benchmarks/report.py):
 * the error is half the width of the distribution-free confidence interval of the median, the order
 * statistics x(j)..x(n+1-j) with the largest j such that P(Binomial(n, 1/2) &lt; j) &le; 2.5% (about 95%
 * coverage; with 8 samples or fewer, j = 1: the whole range).
 */
public final class Stats {
    private Stats() {
    }

    /** A median and its error. */
    public record Summary(double median, double error, int n) {
    }

    public static Summary summarize(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> x = new ArrayList<>(samples);
        Collections.sort(x);
        int n = x.size();
        double median = n % 2 == 1 ? x.get(n / 2) : (x.get(n / 2 - 1) + x.get(n / 2)) / 2;
        int j = ciRank(n);
        double error = (x.get(n - j) - x.get(j - 1)) / 2;
        return new Summary(median, error, n);
    }

    /** The 1-based rank j of the interval's lower end. */
    static int ciRank(int n) {
        int j = 1;
        while (j + 1 <= (n + 1) / 2 && binomialCdf(n, j + 1) <= 0.025) {
            j++;
        }
        return j;
    }

    /** P(X &lt;= k - 1) for X ~ Binomial(n, 1/2), i.e. P(X &lt; k). */
    private static double binomialCdf(int n, int k) {
        double sum = 0;
        double c = 1;
        for (int i = 0; i < k; i++) {
            sum += c;
            c = c * (n - i) / (i + 1);
        }
        return sum / Math.pow(2, n);
    }

    public static String toJson(List<Double> samples) {
        return samples.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).collect(Collectors.joining(",", "[", "]"));
    }
}
