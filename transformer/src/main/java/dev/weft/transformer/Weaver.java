package dev.weft.transformer;

/**
 * Weaves {@code @Async} methods of one class file into resumable state machines. Stateless and
 * thread-safe: one instance may serve concurrent class loading. Never loads classes.
 *
 * <p>Deterministic: the same input bytes always give the same output bytes, which is what lets the Maven
 * plugin and the agent agree. Idempotent: a class woven once is recognised and left alone.
 */
public final class Weaver {

    /**
     * Weaves one class.
     *
     * @param classFile the bytes of a class file
     * @return the woven class, or {@code null} when the class needs nothing: it has no {@code @Async} method
     *         and makes no {@code await} call, or it was woven already
     * @throws WeaveException listing every misuse found in the class (an await outside an {@code @Async}
     *                        method, inside {@code synchronized}, ...), or why the class file cannot be read
     */
    public WovenClass weave(byte[] classFile) throws WeaveException {
        if (!ClassFileScan.mentionsWeft(classFile)) {
            return null;
        }
        return new ClassWeaver(classFile).weave();
    }

    /**
     * A cheap test, without parsing the class: false means the class certainly needs no weaving (it names
     * nothing of {@code dev/weft/}).
     */
    public static boolean mightNeedWeaving(byte[] classFile) {
        return ClassFileScan.mentionsWeft(classFile);
    }
}
