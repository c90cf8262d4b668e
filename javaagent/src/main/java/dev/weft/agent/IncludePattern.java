package dev.weft.agent;

/**
 * One {@code include=} pattern of the agent, over binary class names with dots:
 * <ul>
 *   <li>{@code com.acme.*}: the classes directly in package {@code com.acme} (nested classes included, as
 *       {@code com.acme.Outer$Inner} is in that package);</li>
 *   <li>{@code com.acme.**}: the classes of {@code com.acme} and of all its sub-packages;</li>
 *   <li>{@code *}: the classes of the unnamed package; {@code **}: every class;</li>
 *   <li>anything else: exactly one class, {@code com.acme.Service} (write {@code com.acme.Service$Inner} for a
 *       nested class).</li>
 * </ul>
 * Invariant: a constructed pattern is well formed (no empty name segment, {@code *} only as the last
 * segment); it is kept in internal form ({@code com/acme/}) so that matching allocates nothing.
 */
final class IncludePattern {
    private enum Kind { CLASS, PACKAGE, PACKAGE_TREE }

    private final String text;
    private final Kind kind;
    /** For CLASS the internal class name; otherwise the package prefix with a trailing '/' ("" for the unnamed package). */
    private final String internal;

    private IncludePattern(String text, Kind kind, String internal) {
        this.text = text;
        this.kind = kind;
        this.internal = internal;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the pattern
     */
    static IncludePattern parse(String text) {
        if (text.equals("**")) {
            return new IncludePattern(text, Kind.PACKAGE_TREE, "");
        }
        if (text.equals("*")) {
            return new IncludePattern(text, Kind.PACKAGE, "");
        }
        if (text.endsWith(".**")) {
            return new IncludePattern(text, Kind.PACKAGE_TREE, checkedName(text, text.length() - 3) + "/");
        }
        if (text.endsWith(".*")) {
            return new IncludePattern(text, Kind.PACKAGE, checkedName(text, text.length() - 2) + "/");
        }
        return new IncludePattern(text, Kind.CLASS, checkedName(text, text.length()));
    }

    /** The dotted name {@code text[0, end)} in internal form, after checking that it is well formed. */
    private static String checkedName(String text, int end) {
        String name = text.substring(0, end);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty class or package name");
        }
        if (name.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'*' and '**' are only allowed as the last segment (com.acme.* or com.acme.**)");
        }
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("use dots, not slashes (com.acme.Service)");
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException("empty segment in '" + name + "'");
        }
        return name.replace('.', '/');
    }

    /** @param internalName a class name in internal form, {@code com/acme/Service} */
    boolean matches(String internalName) {
        switch (kind) {
            case CLASS:
                return internalName.equals(internal);
            case PACKAGE_TREE:
                return internalName.startsWith(internal);
            default:
                return internalName.startsWith(internal) && internalName.indexOf('/', internal.length()) < 0;
        }
    }

    /** The pattern as the user wrote it. */
    @Override
    public String toString() {
        return text;
    }
}
