package dev.weft.it.fuzz;

/**
 * What running one program both ways showed.
 *
 * @param kind        agreement, a kind of divergence, or an invalid program
 * @param detail      the weaver's or verifier's message, or the first difference of the traces
 * @param wovenTrace  the woven run's trace (null if it did not run)
 * @param refTrace    the reference run's trace (null if it did not run)
 */
record Verdict(Kind kind, String detail, String wovenTrace, String refTrace) {

    enum Kind {
        /** Both runs traced the same effects and ended the same way. */
        SAME(false, false),
        /** javac rejected the program: a generator bug when the program is fresh. */
        INVALID(false, true),
        /** The reference run did not finish in time: a generator bug (programs must terminate). */
        REFERENCE_TIMEOUT(false, true),
        /**
         * javac itself crashed: javac 17 does on a switch expression containing a try evaluated while a long or
         * double is on the operand stack. The program is skipped.
         */
        JAVAC_CRASHED(false, false),
        /** The reference classes (plain javac output, not woven) fail the JVM's verifier: a javac bug. Skipped. */
        JAVAC_MISCOMPILED(false, false),
        /** The weaver refused a method as too large once woven: a documented limit, the program is skipped. */
        TOO_LARGE(false, false),
        /** The weaver threw (a WeaveException, or a crash) on a valid program. */
        WEAVE_FAILED(true, false),
        /** A woven class does not pass ASM's CheckClassAdapter. */
        VERIFY_FAILED(true, false),
        /** The JVM refused to load or link a woven class. */
        LOAD_FAILED(true, false),
        /** The woven run did not finish in time. */
        WOVEN_TIMEOUT(true, false),
        /** Both ran, and the traces differ. */
        TRACE_DIFFERS(true, false),
        /** Both ran with a cancellation or failure injected at the same pause ({@link Injection}), and the traces differ. */
        INJECTED_TRACE_DIFFERS(true, false),
        /** The woven run with a cancellation or failure injected left the promise its task was suspended on pending. */
        INJECTED_LEFT_PENDING(true, false);

        /** A divergence: probably a weaver or runtime bug. */
        final boolean divergence;
        /** The program itself is wrong: a generator bug. */
        final boolean generatorBug;

        Kind(boolean divergence, boolean generatorBug) {
            this.divergence = divergence;
            this.generatorBug = generatorBug;
        }
    }

    /**
     * What a shrunk program must keep showing to count as the same failure: the kind, and for differing
     * traces how each run ended (the exception class, or a value).
     */
    String signature() {
        if (kind != Kind.TRACE_DIFFERS && kind != Kind.INJECTED_TRACE_DIFFERS) {
            boolean message = kind == Kind.WEAVE_FAILED || kind == Kind.INVALID || kind == Kind.VERIFY_FAILED
                    || kind == Kind.LOAD_FAILED;
            return kind.name() + (message ? ":" + firstLine(detail) : "");
        }
        return kind.name() + ":" + ending(wovenTrace) + "/" + ending(refTrace);
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.strip().split("\n", 2)[0];
        line = line.replaceFirst("^/?fz[wr]/P\\.java:[0-9]+: ", ""); // javac's position
        line = line.replaceFirst("^P\\.java:[0-9]+: [^ (]*\\([^)]*\\): ", ""); // the weaver's position and method
        // keep the message's kind, drop numbers and names that shrinking changes
        return line.replaceAll("'[^']*'", "'_'").replaceAll("[0-9]+", "#");
    }

    /** "exc:Type", "ret", or "budget". */
    private static String ending(String trace) {
        String t = trace.endsWith("\n") ? trace.substring(0, trace.length() - 1) : trace;
        String last = t.substring(t.lastIndexOf('\n') + 1);
        if (last.startsWith("exc:")) {
            int colon = last.indexOf(':', 4);
            return colon < 0 ? last : last.substring(0, colon);
        }
        return last.startsWith("ret:") ? "ret" : last;
    }

    /** The first line where two traces differ, with both versions. */
    static String firstDifference(String woven, String ref) {
        String[] a = woven.split("\n", -1);
        String[] b = ref.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end>";
            String y = i < b.length ? b[i] : "<end>";
            if (!x.equals(y)) {
                return "trace entry " + i + ": woven \"" + x + "\" but reference \"" + y + "\"";
            }
        }
        return "traces equal";
    }
}
