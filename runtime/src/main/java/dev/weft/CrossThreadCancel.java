package dev.weft;

/**
 * A {@link Task#cancel(String)} called on another thread than the task's loop: handed to the loop, carried out
 * there in order with the work already queued.
 *
 * <p>Invariant: if the loop closes before running it, there is nothing left to do: the loop's shutdown finished or
 * abandoned every task.
 */
final class CrossThreadCancel implements LoopWork {
    private final Task<?> task;
    private final String message;

    CrossThreadCancel(Task<?> task, String message) {
        this.task = task;
        this.message = message;
    }

    @Override
    public void run() {
        task.cancel(message);
    }

    @Override
    public void rejected() {
    }

    @Override
    public String toString() {
        return "cancel(" + task.name() + ")";
    }
}
