package dev.weft.agent;

/**
 * The classes the agent never weaves, whatever the include patterns say: the JDK's ({@code java/},
 * {@code javax/}, {@code jdk/}, {@code sun/}, {@code com/sun/}) and Weft's own runtime and tools (the classes
 * directly in {@code dev/weft}, and everything under {@code dev/weft/internal/}, {@code dev/weft/sync/},
 * {@code dev/weft/agent/}, {@code dev/weft/transformer/} and {@code dev/weft/maven/}). Other {@code dev/weft/}
 * packages, such as examples, are ordinary application code.
 *
 * <p>Skipping Weft's own classes also keeps the agent from transforming the classes it loads to do its work.
 */
final class ExcludedClasses {
    private static final String[] JDK_PREFIXES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};
    private static final String WEFT = "dev/weft/";
    private static final String[] WEFT_OWN_PREFIXES = {
        "dev/weft/internal/", "dev/weft/sync/", "dev/weft/agent/", "dev/weft/transformer/", "dev/weft/maven/"
    };

    private ExcludedClasses() {
    }

    /** @param internalName a class name in internal form, {@code com/acme/Service} */
    static boolean isExcluded(String internalName) {
        for (String prefix : JDK_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        if (!internalName.startsWith(WEFT)) {
            return false;
        }
        if (internalName.indexOf('/', WEFT.length()) < 0) {
            return true;
        }
        for (String prefix : WEFT_OWN_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
