package dev.weft;

/**
 * Thrown where code runs that needed weaving and did not get it: an {@code await} in a method that was not woven
 * (no agent, a class the agent never saw, one it refused or one outside its {@code include=} patterns), or an
 * {@code @Async} method of a class the agent refused. The message names the cause, and when the agent refused
 * the class, the agent's reason (for example an {@code await} inside a {@code synchronized} block elsewhere in the
 * class).
 *
 * <p>It extends {@link Error}, not {@link RuntimeException}, as {@link CancelledException} does: unwoven code
 * cannot give the right answer, and a {@code catch (Exception e)} written around awaits for ordinary failures must
 * not turn it into a fallback value and let the program go on, silently wrong. Fix the build (or the refused
 * class) instead of catching it.
 */
public class NotWovenError extends Error {
    private static final long serialVersionUID = 1L;

    public NotWovenError(String message) {
        super(message);
    }
}
