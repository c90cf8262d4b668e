package dev.weft;

/**
 * An entry another thread hands an {@link EventLoop} that must not be lost if the loop closes first: when the loop
 * refuses it (already closed) or closes with it still queued, {@link #rejected} runs instead of {@link #run}, on
 * the thread that offered it or on the closing thread, so the work's future fails or settles instead of waiting
 * forever.
 */
interface LoopWork extends Runnable {
    /** The loop closed before running this; runs once, instead of {@link #run}, on whichever thread found out. */
    void rejected();
}
