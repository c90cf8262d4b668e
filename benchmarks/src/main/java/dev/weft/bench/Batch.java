package dev.weft.bench;

/**
 * How many operations one benchmark invocation performs. Each invocation runs one batch in a fresh event
 * loop (Weft.run, runBlocking, a virtual thread, one task on the single-thread executor), and the batch is
 * large enough that starting and ending it is a small part of its cost. JMH divides by the batch size
 * ({@code @OperationsPerInvocation}), so every figure is per operation.
 */
final class Batch {
    /** Operations per invocation for figures 1-5. */
    static final int OPS = 10_000;
    /** Figure 1 is a few nanoseconds and allocation-free in Weft: a larger batch keeps the loop's own
     *  allocations below 0.1 byte per operation. */
    static final int FAST_OPS = 100_000;
    /** Figure 7: chains per invocation. */
    static final int CHAINS = 10;
    /** Figure 7: how deep each chain is. */
    static final int DEPTH = 1_000;

    private Batch() {
    }
}
