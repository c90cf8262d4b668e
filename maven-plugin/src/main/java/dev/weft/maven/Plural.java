package dev.weft.maven;

/**
 * Formats a count with its noun: "1 class", "3 classes", "0 methods". Only for the regular English plurals
 * used in Weft's build messages.
 */
final class Plural {
    private Plural() {
    }

    static String of(long count, String noun) {
        if (count == 1) {
            return count + " " + noun;
        }
        return count + " " + noun + (noun.endsWith("s") ? "es" : "s");
    }
}
