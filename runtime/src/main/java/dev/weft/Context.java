package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A set of context-variable values: Python's {@code contextvars.Context}. Code always runs in one context, its
 * <em>current</em> context: a task's own context while the task runs, or the calling thread's outside tasks.
 * {@link ContextVar#get()} reads the current context and {@link ContextVar#set} changes it.
 *
 * <pre>{@code
 * Context snapshot = Context.copyCurrent();          // asyncio's copy_context()
 * snapshot.run(() -> REQUEST.set("replayed"));       // the change is kept in snapshot, not in the caller's context
 * Task<String> t = Weft.spawn(handle(), "replay", snapshot);  // the task runs in snapshot itself, not in a copy
 * }</pre>
 *
 * <ul>
 *   <li>{@link #run(Supplier)} makes this context current while a function runs, then restores the caller's;
 *       what the function sets stays in this context, as in Python. A context already entered by a
 *       {@code run} (on any thread), or the context of the task making the call, cannot be entered again:
 *       {@link IllegalStateException} (Python: {@code RuntimeError}).</li>
 *   <li>A task spawned without a context runs in a copy of its spawner's current context (asyncio's default);
 *       one spawned with {@link Weft#spawn(Coroutine, String, Context)} runs in that context, so what it sets
 *       is seen there afterwards, by its other users too.</li>
 *   <li>Reading it: {@link #get}, {@link #contains}, {@link #size}, iteration over its variables, and
 *       {@link #toMap()} (Python's {@code ctx[var]}, {@code in}, {@code len}, {@code keys()}/{@code items()}).
 *       A context does not equal another with the same values (Python compares the mappings).</li>
 * </ul>
 *
 * <p>Callbacks added with {@code addDoneCallback} (on a {@link Task} or {@link Promise}) run in a copy of the
 * context current when they were added, as in asyncio. Callbacks given to {@link EventLoop#callSoon} and the
 * other scheduling methods run in the loop thread's own context (asyncio runs each in a copy of the context
 * current when it was scheduled; Weft's task wake-ups go through these methods and stay cheap).
 *
 * <p>Difference from Python: a task's steps run in its context without marking it entered (so that stepping a
 * task costs nothing extra); the check against entering the context of the task making the call is done by
 * {@code run} itself. Entering, from another thread, the context of a task that is running at that very moment
 * is therefore not detected, and must not be done.
 *
 * <p>Invariants: {@code vars} is an immutable map, replaced (never changed in place) when a variable is set or
 * reset in this context, so a copy shares the map and never sees later changes of the original, nor the
 * original those of the copy; {@code entered} is set exactly while a {@code run} of this context (or of a
 * context run inside it, on the same task or thread) is in progress. Like Python's, a context is meant for one
 * thread at a time: reading it from another thread while it is entered elsewhere may see an older value.
 */
public final class Context implements Iterable<ContextVar<?>> {
    private static final Map<ContextVar<?>, Object> EMPTY = Collections.emptyMap();
    /** Each thread's context outside tasks (and, inside {@link #run}, the context that run entered). */
    private static final ThreadLocal<Context> OUTSIDE_TASKS = ThreadLocal.withInitial(Context::new);
    private static final VarHandle ENTERED;

    static {
        try {
            ENTERED = MethodHandles.lookup().findVarHandle(Context.class, "entered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The variables and their values; replaced as a whole by {@link #replace}. */
    private Map<ContextVar<?>, Object> vars;
    @SuppressWarnings("unused") // through ENTERED
    private volatile boolean entered;

    /** An empty context (Python's {@code Context()}). */
    public Context() {
        this(EMPTY);
    }

    private Context(Map<ContextVar<?>, Object> vars) {
        this.vars = vars;
    }

    /** A new context with the values of the current one (asyncio's {@code copy_context()}). */
    public static Context copyCurrent() {
        return new Context(currentVars());
    }

    /** A new context with this one's values; later changes of either are not seen by the other. */
    public Context copy() {
        return new Context(vars);
    }

    /**
     * Runs {@code function} with this context as the current one and returns its value; afterwards the
     * caller's context is current again, and whatever the function set or reset stays in this context.
     * Inside a task, a task the function spawns starts from a copy of this context.
     *
     * @throws IllegalStateException if this context is already entered (by a {@code run} on any thread, or as
     *                               the context of the task making the call)
     */
    public <R> R run(Supplier<R> function) {
        Objects.requireNonNull(function, "function");
        Task<?> task = Weft.currentTask();
        Context outer = task != null ? task.context : OUTSIDE_TASKS.get();
        if (outer == this || !ENTERED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("cannot enter context " + this + ": it is already entered");
        }
        // the caller's context stays entered below this one: a nested run of it must be refused too
        boolean holdsOuter = outer != null && ENTERED.compareAndSet(outer, false, true);
        if (task != null) {
            task.context = this;
        } else {
            OUTSIDE_TASKS.set(this);
        }
        try {
            return function.get();
        } finally {
            if (task != null) {
                task.context = outer;
            } else {
                OUTSIDE_TASKS.set(outer);
            }
            if (holdsOuter) {
                outer.entered = false;
            }
            entered = false;
        }
    }

    /** Like {@link #run(Supplier)} for a function without a value. */
    public void run(Runnable function) {
        Objects.requireNonNull(function, "function");
        run(() -> {
            function.run();
            return null;
        });
    }

    /** The value of {@code variable} in this context, or null if it has none here (its default is not used). */
    public <T> T get(ContextVar<T> variable) {
        return get(variable, null);
    }

    /** The value of {@code variable} in this context, or {@code fallback} if it has none here. */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> variable, T fallback) {
        Objects.requireNonNull(variable, "variable");
        Map<ContextVar<?>, Object> v = vars;
        return v.containsKey(variable) ? (T) v.get(variable) : fallback;
    }

    /** Whether {@code variable} has a value in this context. */
    public boolean contains(ContextVar<?> variable) {
        return vars.containsKey(Objects.requireNonNull(variable, "variable"));
    }

    /** How many variables have a value in this context. */
    public int size() {
        return vars.size();
    }

    /** The variables that have a value in this context (a snapshot: later changes do not show). */
    @Override
    public Iterator<ContextVar<?>> iterator() {
        return Collections.unmodifiableSet(vars.keySet()).iterator();
    }

    /** The variables and their values, as an unmodifiable snapshot. */
    public Map<ContextVar<?>, Object> toMap() {
        return Collections.unmodifiableMap(vars);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Context[");
        String sep = "";
        for (Map.Entry<ContextVar<?>, Object> e : vars.entrySet()) {
            s.append(sep).append(e.getKey().name()).append('=').append(e.getValue());
            sep = ", ";
        }
        return s.append(']').toString();
    }

    // ------------------------------------------------------------ for ContextVar, Task and EventLoop

    Map<ContextVar<?>, Object> vars() {
        return vars;
    }

    /** Replaces the values (copy on write: {@code newVars} must never be changed afterwards). */
    void replace(Map<ContextVar<?>, Object> newVars) {
        vars = newVars;
    }

    /** The current context: the running task's (made now if the task has none yet), or this thread's. */
    static Context current() {
        Task<?> task = Weft.currentTask();
        return task == null ? OUTSIDE_TASKS.get() : of(task);
    }

    /** The context of {@code task}, made now if it has none yet. */
    static Context of(Task<?> task) {
        Context c = task.context;
        if (c == null) {
            c = new Context();
            task.context = c;
        }
        return c;
    }

    /** The current context if it exists: null for a running task that has not needed one yet. */
    static Context currentIfAny() {
        Task<?> task = Weft.currentTask();
        return task != null ? task.context : OUTSIDE_TASKS.get();
    }

    /** The values of the current context, without making a context for a task that has none. */
    static Map<ContextVar<?>, Object> currentVars() {
        Context c = currentIfAny();
        return c == null ? EMPTY : c.vars;
    }

    /**
     * The context a new task starts with: a copy of the current one, or null (the task makes an empty one when
     * it first needs it) when the current one holds no variables, so spawning allocates nothing for contexts
     * in the common case.
     */
    static Context forNewTask() {
        Map<ContextVar<?>, Object> v = currentVars();
        return v.isEmpty() ? null : new Context(v);
    }

    /** A context holding {@code vars} (copied from elsewhere: never changed in place). */
    static Context of(Map<ContextVar<?>, Object> vars) {
        return new Context(vars);
    }
}
