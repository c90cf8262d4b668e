package dev.weft;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A context variable (Python's {@code contextvars}): a value that follows the logical flow of
 * work across awaits, like a thread-local but per task. Its values live in {@link Context}s: {@link #get()}
 * reads the current context and {@link #set} changes it. Each task runs in its own context, a copy of the one
 * that was current when it was spawned (or in the context given to
 * {@link Weft#spawn(Coroutine, String, Context)}); what a task sets is seen by that task and by the tasks it
 * spawns later, never by its parent or siblings. Outside any task, each thread has its own context.
 *
 * <p>Invariants: a context's values are an immutable map, replaced (copy on write) by {@link #set} and
 * {@link #reset}, so a copy taken at spawn never changes afterwards; a token resets only the variable that
 * made it, once, in the context it was made in.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
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
        Map<ContextVar<?>, Object> context = Context.currentVars();
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
        Map<ContextVar<?>, Object> context = Context.currentVars();
        return context.containsKey(this) ? (T) context.get(this) : fallback;
    }

    /** Sets the value in the current context; the token undoes it with {@link #reset}. */
    public Token<T> set(T value) {
        Context context = Context.current();
        Map<ContextVar<?>, Object> before = context.vars();
        Map<ContextVar<?>, Object> after = new HashMap<>(before);
        after.put(this, value);
        context.replace(Collections.unmodifiableMap(after));
        return new Token<>(this, before.containsKey(this) ? before.get(this) : MISSING, context);
    }

    /**
     * Restores the value the variable had before the {@link #set} that made {@code token}.
     *
     * @throws IllegalArgumentException if the token belongs to another variable, was already used, or was
     *                                  made in another context (another task, or inside a {@link Context#run})
     */
    public void reset(Token<T> token) {
        if (token.variable != this) {
            throw new IllegalArgumentException("token was made by context variable '" + token.variable.name
                    + "', not '" + name + "'");
        }
        if (token.used) {
            throw new IllegalArgumentException("token of context variable '" + name + "' was already used");
        }
        Context context = Context.currentIfAny();
        if (token.context != context) {
            throw new IllegalArgumentException("token of context variable '" + name + "' was made in another context");
        }
        Map<ContextVar<?>, Object> after = new HashMap<>(context.vars());
        if (token.previous == MISSING) {
            after.remove(this);
        } else {
            after.put(this, token.previous);
        }
        token.used = true;
        context.replace(Collections.unmodifiableMap(after));
    }

    /** Runs {@code work} on this (non-loop) thread in a new context holding {@code values}, then restores the old one. */
    static void runWith(Map<ContextVar<?>, Object> values, Runnable work) {
        Context.of(values).run(work);
    }

    /** The values of the current context: the running task's, or this thread's outside tasks. */
    static Map<ContextVar<?>, Object> currentContext() {
        return Context.currentVars();
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + "]";
    }

    /** What {@link #set} returns: enough to undo that set with {@link #reset}, once. */
    public static final class Token<T> {
        private final ContextVar<T> variable;
        private final Object previous;
        /** The context the set was made in: the only one the token resets. */
        private final Context context;
        private boolean used;

        private Token(ContextVar<T> variable, Object previous, Context context) {
            this.variable = variable;
            this.previous = previous;
            this.context = context;
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
