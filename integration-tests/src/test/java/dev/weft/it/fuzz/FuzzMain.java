package dev.weft.it.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The long-running differential fuzzer: checks programs from consecutive seeds for as long as asked,
 * printing progress, and for every divergence the seed, the failure and a shrunk reproducer (also written to
 * {@code --out}, default {@code target/fuzz-findings}, in the woven spelling, ready to be added to
 * {@code src/test/resources/fuzz-regressions}). Seed {@code S + i} is the i-th program, so any program is
 * reproduced with {@code --seed S+i --count 1}. Divergences already saved as open regressions are counted, not
 * shrunk again. The exit status is 1 if anything new diverged. How to run it: see the package documentation.
 *
 * <pre>
 *   --minutes N         stop after N minutes (default 1; fractions allowed)
 *   --seed S            first seed (default: the current time)
 *   --count C           stop after C programs (default: unlimited)
 *   --shrink-seconds K  time to shrink each finding (default 120)
 *   --shrink-per-kind K shrink at most K findings of one kind, just list the others (default 2)
 *   --print             print each program before running it
 *   --out DIR           where to write reproducers
 *   --check FILE        instead: run one saved program (woven spelling) both ways and print the verdict and traces
 * </pre>
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws IOException {
        double minutes = 1;
        long seed = System.currentTimeMillis();
        long count = Long.MAX_VALUE;
        long shrinkSeconds = 120;
        int shrinkPerKind = 2;
        boolean print = false;
        Path out = Path.of("target", "fuzz-findings");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes": minutes = Double.parseDouble(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--count": count = Long.parseLong(args[++i]); break;
                case "--shrink-seconds": shrinkSeconds = Long.parseLong(args[++i]); break;
                case "--shrink-per-kind": shrinkPerKind = Integer.parseInt(args[++i]); break;
                case "--print": print = true; break;
                case "--out": out = Path.of(args[++i]); break;
                case "--check": System.exit(check(Path.of(args[++i]))); break;
                default: throw new IllegalArgumentException("unknown option " + args[i] + " (see FuzzMain's javadoc)");
            }
        }
        FuzzCampaign campaign = new FuzzCampaign();
        long start = System.currentTimeMillis();
        long end = start + (long) (minutes * 60_000);
        long lastReport = start;
        long programs = 0;
        int divergences = 0;
        int generatorBugs = 0;
        int skipped = 0;
        Map<String, Integer> seen = new HashMap<>();
        java.util.Set<String> open = Regressions.openSignatures(campaign.oracle());
        int knownOpen = 0;
        System.out.println("weft fuzz: seeds from " + seed + ", " + minutes + " min");
        for (long s = seed; programs < count && System.currentTimeMillis() < end; s++) {
            if (print) {
                System.out.println(Reindent.format(FuzzCampaign.source(s)));
            }
            Verdict v = campaign.check(s);
            programs++;
            if (v.kind() == Verdict.Kind.TOO_LARGE || v.kind() == Verdict.Kind.JAVAC_CRASHED || v.kind() == Verdict.Kind.JAVAC_MISCOMPILED) {
                skipped++;
            } else if (v.kind().divergence && open.contains(v.signature())) {
                knownOpen++;
                System.out.println("seed " + s + ": known open divergence " + v.signature());
            } else if (v.kind() != Verdict.Kind.SAME) {
                if (v.kind().generatorBug) {
                    generatorBugs++;
                } else {
                    divergences++;
                }
                int n = seen.merge(v.signature(), 1, Integer::sum);
                System.out.println("\n=== " + (v.kind().generatorBug ? "GENERATOR BUG" : "DIVERGENCE") + " seed " + s + ": " + v.signature());
                if (n <= shrinkPerKind) {
                    FuzzCampaign.Finding f = campaign.shrink(s, v, shrinkSeconds * 1000);
                    System.out.println(f.report());
                    Files.createDirectories(out);
                    Path file = out.resolve("seed" + s + ".java");
                    Files.writeString(file, f.minimalSource(), StandardCharsets.UTF_8);
                    System.out.println("written to " + file);
                } else {
                    System.out.println("  (" + n + " of this kind so far; not shrunk) " + v.detail().strip().split("\n", 2)[0]);
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastReport > 30_000) {
                lastReport = now;
                System.out.printf("[%.1f min] %d programs, %d new divergences, %d known open, %d generator bugs, %d skipped (too large to weave, or a javac bug), next seed %d%n",
                        (now - start) / 60_000.0, programs, divergences, knownOpen, generatorBugs, skipped, s + 1);
            }
        }
        System.out.printf("weft fuzz: done in %.1f min: %d programs, %d new divergences, %d known open, %d generator bugs, %d skipped (too large to weave, or a javac bug)%n",
                (System.currentTimeMillis() - start) / 60_000.0, programs, divergences, knownOpen, generatorBugs, skipped);
        System.out.println("  " + campaign.oracle().injectionStats());
        seen.forEach((k, n) -> System.out.println("  " + n + " x " + k));
        System.exit(divergences + generatorBugs == 0 ? 0 : 1);
    }

    private static int check(Path file) throws IOException {
        Verdict v = new FuzzCampaign().oracle().check(Files.readString(file, StandardCharsets.UTF_8));
        System.out.println(file + ": " + v.kind() + "\n" + v.detail());
        if (v.wovenTrace() != null) {
            System.out.println("--- woven trace:\n" + v.wovenTrace());
        }
        if (v.refTrace() != null) {
            System.out.println("--- reference trace:\n" + v.refTrace());
        }
        return v.kind() == Verdict.Kind.SAME ? 0 : 1;
    }
}
