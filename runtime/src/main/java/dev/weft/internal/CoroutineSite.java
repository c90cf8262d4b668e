package dev.weft.internal;

/**
 * What the weaver tells the runtime about one {@code @Async} method, packed into one constant string per
 * method so that it costs nothing per call: {@code "pkg.Owner.method"}, optionally followed by
 * {@code "\0File.java\0line1,line2,..."} — the source file and the line of each await (label k is at
 * line k-1 of the list). Read only on slow paths: error messages and async stack traces.
 */
final class CoroutineSite {
    private static final char SEPARATOR = '\0';

    private CoroutineSite() {
    }

    /** The method's name, {@code pkg.Owner.method}. */
    static String name(String site) {
        int end = site.indexOf(SEPARATOR);
        return end < 0 ? site : site.substring(0, end);
    }

    /**
     * A stack trace element for a frame suspended at await {@code label}, or null when the site does not
     * say where that is.
     */
    static StackTraceElement awaitingAt(String site, int label) {
        int fileStart = site.indexOf(SEPARATOR);
        if (fileStart < 0 || label < 1) {
            return null;
        }
        int linesStart = site.indexOf(SEPARATOR, fileStart + 1);
        if (linesStart < 0) {
            return null;
        }
        String[] lines = site.substring(linesStart + 1).split(",");
        if (label > lines.length) {
            return null;
        }
        String name = name(site);
        int dot = name.lastIndexOf('.');
        String file = site.substring(fileStart + 1, linesStart);
        return new StackTraceElement(name.substring(0, dot), name.substring(dot + 1), file.isEmpty() ? null : file,
                Integer.parseInt(lines[label - 1]));
    }
}
