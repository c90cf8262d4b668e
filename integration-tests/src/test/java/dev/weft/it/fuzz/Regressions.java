package dev.weft.it.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The saved reproducers under {@code src/test/resources/fuzz-regressions}, listed in its {@code INDEX}: each a
 * shrunk program in the woven spelling that once diverged. A line {@code // open: reason} in its header marks
 * a divergence not fixed yet; remove that line once the weaver or runtime is fixed, and the program becomes
 * a regression test that must pass.
 */
final class Regressions {
    private static final Pattern OPEN = Pattern.compile("^// open: (.*)$", Pattern.MULTILINE);

    /** One saved program. {@code openReason} is null once the divergence is fixed. */
    record Regression(String name, String source, String openReason) {
        boolean open() {
            return openReason != null;
        }
    }

    private Regressions() {
    }

    static List<Regression> all() {
        List<Regression> out = new ArrayList<>();
        for (String line : read("INDEX").split("\n")) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                String source = read(line);
                Matcher open = OPEN.matcher(source);
                out.add(new Regression(line, source, open.find() ? open.group(1) : null));
            }
        }
        return out;
    }

    /**
     * The signatures of the refusals still open, as they show today: the bounded fuzz test tolerates these (it
     * reports them) so that a known, reported weaver refusal does not fail every build until it is fixed. Only
     * weave, verify and load failures, whose signature is their message: a differing trace's signature (how
     * each run ended) is too coarse, it would hide other bugs.
     */
    static Set<String> openSignatures(DifferentialOracle oracle) {
        Set<String> out = new HashSet<>();
        for (Regression r : all()) {
            if (r.open()) {
                Verdict v = oracle.check(r.source());
                Verdict.Kind k = v.kind();
                if (k == Verdict.Kind.WEAVE_FAILED || k == Verdict.Kind.VERIFY_FAILED || k == Verdict.Kind.LOAD_FAILED) {
                    out.add(v.signature());
                }
            }
        }
        return out;
    }

    private static String read(String name) {
        String path = "/fuzz-regressions/" + name;
        try (InputStream in = Regressions.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
