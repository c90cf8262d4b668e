package dev.weft.internal;

/**
 * The woven body of one {@code @Async} method, reached through {@code invokedynamic}
 * (LambdaMetafactory) so that weaving adds no class file. Runs the frame from its current label until
 * it returns its value, throws, or suspends ({@link Intrinsics#SUSPENDED}).
 */
@FunctionalInterface
public interface CoroutineBody {
    Object resume(WovenCoroutine<?> frame);
}
