package dev.weft;

import java.lang.ref.Cleaner;

/**
 * asyncio's "Task exception was never retrieved": a task that failed is watched until its failure is looked
 * at (awaited, {@code result()}, {@code exception()}); if the task is garbage-collected first, the loop's
 * exception handler gets the task's name and the failure with its stack. Shares nothing with the task but
 * what the report needs, so it does not keep the task alive.
 */
final class TaskFailureWatch implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final EventLoop loop;
    private final String taskName;
    private final Throwable failure;
    volatile boolean retrieved;

    private TaskFailureWatch(EventLoop loop, String taskName, Throwable failure) {
        this.loop = loop;
        this.taskName = taskName;
        this.failure = failure;
    }

    static TaskFailureWatch watch(Task<?> task, EventLoop loop, Throwable failure) {
        TaskFailureWatch w = new TaskFailureWatch(loop, task.name(), failure);
        CLEANER.register(task, w);
        return w;
    }

    @Override
    public void run() {
        if (!retrieved) {
            loop.report("Task exception was never retrieved: task " + taskName + " failed with " + failure, failure);
        }
    }
}
