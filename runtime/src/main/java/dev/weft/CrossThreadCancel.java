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

    private CrossThreadCancel(Task<?> task, String message) {
        this.task = task;
        this.message = message;
    }

    /**
     * {@code task.cancel(message)} from a thread that does not run its loop: carried out at once if nobody runs the
     * loop (as asyncio does before its loop runs), else handed to the loop. Returns what {@link Task#cancel} does.
     */
    static boolean request(Task<?> task, String message) {
        EventLoop loop = task.loop();
        boolean[] outcome = new boolean[1];
        if (loop.runHereIfFree(() -> outcome[0] = task.cancel(message))) {
            return outcome[0];
        }
        // refused only once the loop closed, and then every task is done
        return loop.offerInternal(new CrossThreadCancel(task, message)) || !task.isDone();
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
