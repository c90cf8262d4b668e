package dev.weft.transformer;

/**
 * The result of weaving one class.
 *
 * @param className    binary class name with dots
 * @param bytes        the woven class file
 * @param methodsWoven how many {@code @Async} methods were turned into state machines
 */
public record WovenClass(String className, byte[] bytes, int methodsWoven) {
}
