package dev.weft;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A context variable (seed 36.35, Python's {@code contextvars}): a value that follows the logical flow of
 * work across awaits, like a thread-local but per task. Each task runs in a snapshot of the context that
 * was current when it was spawned; what a task sets is seen by that task and by the tasks it spawns later,
 * never by its parent or siblings. Outside any task, each thread has its own context.
 *
 * <p>Invariants: a context is an immutable map, replaced (copy on write) by {@link #set} and
 * {@link #reset}, so a snapshot taken at spawn never changes afterwards; a token resets only the variable
 * that made it, once, in the context it was made in.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private static final Map<ContextVar<?>, Object> EMPTY = Collections.emptyMap();
    private static final ThreadLocal<Map<ContextVar<?>, Object>> OUTSIDE_TASKS = ThreadLocal.withInitial(() -> EMPTY);
    private static final Object MISSING = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable without a default: {@link #get()} throws until it is set. */
    public ContextVar(String name) {
        this.name = name;
        this.defaultValue = MISSING;
    }

    /** A variable whose {@link #get()} gives {@code defaultValue} until it is set. */
    public ContextVar(String name, T defaultValue) {
        this.name = name;
        this.defaultValue = defaultValue;
    }

    public String name() {
        return name;
    }

    /**
     * The value in the current context, else the variable's default.
     *
     * @throws NoSuchElementException if it has neither (asyncio's LookupError)
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Map<ContextVar<?>, Object> context = currentContext();
        if (context.containsKey(this)) {
            return (T) context.get(this);
        }
        if (defaultValue != MISSING) {
            return (T) defaultValue;
        }
        throw new NoSuchElementException("context variable '" + name + "' has no value and no default");
    }

    /** The value in the current context, else {@code fallback} (the variable's default is not used). */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Map<ContextVar<?>, Object> context = currentContext();
        return context.containsKey(this) ? (T) context.get(this) : fallback;
    }

    /** Sets the value in the current context; the token undoes it with {@link #reset}. */
    public Token<T> set(T value) {
        Map<ContextVar<?>, Object> before = currentContext();
        Map<ContextVar<?>, Object> after = new HashMap<>(before);
        after.put(this, value);
        replaceCurrentContext(Collections.unmodifiableMap(after));
        return new Token<>(this, before.containsKey(this) ? before.get(this) : MISSING);
    }

    /**
     * Restores the value the variable had before the {@link #set} that made {@code token}.
     *
     * @throws IllegalArgumentException if the token belongs to another variable, was already used, or was
     *                                  made in another context (another task)
     */
    public void reset(Token<T> token) {
        if (token.variable != this) {
            throw new IllegalArgumentException("token was made by context variable '" + token.variable.name
                    + "', not '" + name + "'");
        }
        if (token.used) {
            throw new IllegalArgumentException("token of context variable '" + name + "' was already used");
        }
        Map<ContextVar<?>, Object> context = currentContext();
        if (token.owner != owner()) {
            throw new IllegalArgumentException("token of context variable '" + name + "' was made in another context");
        }
        Map<ContextVar<?>, Object> after = new HashMap<>(context);
        if (token.previous == MISSING) {
            after.remove(this);
        } else {
            after.put(this, token.previous);
        }
        token.used = true;
        replaceCurrentContext(Collections.unmodifiableMap(after));
    }

    /** Runs {@code work} on this (non-loop) thread with {@code context} as its context, then restores the old one. */
    static void runWith(Map<ContextVar<?>, Object> context, Runnable work) {
        Map<ContextVar<?>, Object> before = OUTSIDE_TASKS.get();
        OUTSIDE_TASKS.set(context);
        try {
            work.run();
        } finally {
            OUTSIDE_TASKS.set(before);
        }
    }

    /** The context of the running task, or of this thread outside tasks. */
    static Map<ContextVar<?>, Object> currentContext() {
        Task<?> task = Weft.currentTask();
        return task != null ? task.context : OUTSIDE_TASKS.get();
    }

    private static void replaceCurrentContext(Map<ContextVar<?>, Object> context) {
        Task<?> task = Weft.currentTask();
        if (task != null) {
            task.context = context;
        } else {
            OUTSIDE_TASKS.set(context);
        }
    }

    /** Who owns the current context: the running task, or this thread. */
    private static Object owner() {
        Task<?> task = Weft.currentTask();
        return task != null ? task : Thread.currentThread();
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + "]";
    }

    /** What {@link #set} returns: enough to undo that set with {@link #reset}, once. */
    public static final class Token<T> {
        private final ContextVar<T> variable;
        private final Object previous;
        private final Object owner = owner();
        private boolean used;

        private Token(ContextVar<T> variable, Object previous) {
            this.variable = variable;
            this.previous = previous;
        }

        public ContextVar<T> variable() {
            return variable;
        }

        /** Whether the variable had a value before the set; {@link #oldValue()} gives it. */
        public boolean hadValue() {
            return previous != MISSING;
        }

        @SuppressWarnings("unchecked")
        public T oldValue() {
            if (previous == MISSING) {
                throw new NoSuchElementException("context variable '" + variable.name + "' had no value before");
            }
            return (T) previous;
        }
    }
}
