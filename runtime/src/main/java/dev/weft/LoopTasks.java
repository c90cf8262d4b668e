package dev.weft;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of one {@link EventLoop}: every unfinished task, in creation order, and the one whose step runs now.
 *
 * <p>Invariants:
 * <ul>
 *   <li>loop's thread only;</li>
 *   <li>the unfinished tasks form an intrusive doubly linked list through {@link Task#previousTask} and
 *       {@link Task#nextTask} (no allocation per task); a task is in it from creation until it is done;
 *       {@code count} is its length; the loop holds every unfinished task strongly through it, so a task nobody
 *       references still runs to its end (asyncio keeps only weak references and may lose such a task);</li>
 *   <li>{@code created} counts every task ever created on the loop and only grows (shutdown uses it to see that
 *       cleanup spawned new tasks);</li>
 *   <li>{@code current} is the task whose step is on the stack, or null between steps.</li>
 * </ul>
 */
final class LoopTasks {
    private final LoopDebug debug;
    private Task<?> first;
    private Task<?> last;
    private int count;
    private long created;
    /** Numbers the unnamed tasks (Task-1, Task-2, ...). */
    private int unnamedCounter;
    private Task<?> current;

    LoopTasks(LoopDebug debug) {
        this.debug = debug;
    }

    /** A new task of {@code loop}, linked and started (its first step queued, or run at once if eager). */
    <T> Task<T> create(EventLoop loop, Coroutine<T> coroutine, String name, boolean eager, Context context) {
        Task<T> task = new Task<>(loop, coroutine, name, name == null ? ++unnamedCounter : 0, context);
        link(task);
        task.start(eager);
        return task;
    }

    private void link(Task<?> task) {
        task.previousTask = last;
        if (last == null) {
            first = task;
        } else {
            last.nextTask = task;
        }
        last = task;
        count++;
        created++;
    }

    void unlink(Task<?> task) {
        Task<?> before = task.previousTask;
        Task<?> after = task.nextTask;
        if (before == null) {
            first = after;
        } else {
            before.nextTask = after;
        }
        if (after == null) {
            last = before;
        } else {
            after.previousTask = before;
        }
        task.previousTask = null;
        task.nextTask = null;
        count--;
    }

    int count() {
        return count;
    }

    long created() {
        return created;
    }

    /** The unfinished tasks, in creation order. */
    List<Task<?>> all() {
        List<Task<?>> all = new ArrayList<>(count);
        for (Task<?> t = first; t != null; t = t.nextTask) {
            all.add(t);
        }
        return all;
    }

    Task<?> current() {
        return current;
    }

    /** A task's step begins; returns the task whose step it interrupts (null unless a step runs another inline). */
    Task<?> enter(Task<?> task) {
        debug.taskStepped(task);
        Task<?> previous = current;
        current = task;
        return previous;
    }

    void exit(Task<?> previous) {
        current = previous;
    }
}
