package dev.weft;

import java.util.List;

/**
 * What {@link Wait#waitAll} returns (asyncio's {@code (done, pending)} pair): the very objects that were
 * passed in, split by whether they were done when the wait returned.
 *
 * <p>Invariants: every awaitable passed in is in exactly one of the lists; {@code done} is in completion
 * order (those already done when the wait began first, in argument order); {@code pending} is in argument
 * order; both lists are unmodifiable.
 *
 * @param done    the awaitables that were done, in the order they completed
 * @param pending the others, in argument order
 * @param <A>     the type of the awaitables
 */
public record Done<A extends Awaitable<?>>(List<A> done, List<A> pending) {
    public Done {
        done = List.copyOf(done);
        pending = List.copyOf(pending);
    }
}
