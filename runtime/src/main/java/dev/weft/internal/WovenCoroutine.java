package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Awaitable;
import dev.weft.Coroutine;

/**
 * The coroutine object and the frame of one call of a woven {@code @Async} method: the method's
 * arguments, and at each suspension its live locals and operand stack, kept in typed slots.
 *
 * <p>Slot layout (shared with the weaver, which writes the field accesses): primitive slot {@code i}
 * is {@code j0..j3} for {@code i < 4}, else {@code jx[i - 4]}; reference slot {@code i} is
 * {@code a0..a3} for {@code i < 4}, else {@code ax[i - 4]}. Ints, floats, doubles and the small integer
 * types are stored as raw bits in a {@code long}, never boxed. The overflow arrays are allocated once,
 * at creation, when the method needs more slots than the fields give.
 *
 * <p>Two sizes, chosen at creation from the method's slot counts: this class holds {@code j0}, {@code a0} and
 * {@code a1} (56 bytes with compressed oops: most coroutines need no more at any await), and {@link Wide} adds
 * {@code j1..j3}, {@code a2}, {@code a3} and the overflow arrays (96 bytes) for a method with more than
 * {@link #COMPACT_PRIM_SLOTS} primitive or {@link #COMPACT_REF_SLOTS} reference slots. Woven code casts the
 * frame to {@link Wide} before it touches one of the wide slots, which only such a method has.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code state} moves CREATED → CLAIMED → RUNNING ⇄ SUSPENDED → CLOSED and never back; CLAIMED (taken by
 *       a task or an awaiter, not started yet) is {@link State#CREATED} to users;</li>
 *   <li>{@code parent} is set once, by the first (and only) awaiter; a second await is refused;</li>
 *   <li>while SUSPENDED, {@code awaiting} is what it waits for, and {@code value} holds the outcome to
 *       resume with once it is known (the failure when {@code failed}); once CLOSED it holds the final
 *       outcome;</li>
 *   <li>reference slots are cleared as they are restored, so a suspended frame keeps only what is live
 *       at its current await.</li>
 * </ul>
 */
public class WovenCoroutine<T> extends Coroutine<T> {
    static final byte CREATED = 0;
    /** Taken by a task or an awaiter, not started yet: nobody else may await it. */
    static final byte CLAIMED = 1;
    static final byte RUNNING = 2;
    static final byte SUSPENDED = 3;
    static final byte CLOSED = 4;

    /** Number of primitive and reference slots held in fields; the rest go to the overflow arrays. */
    public static final int FIELD_SLOTS = 4;
    /** Primitive slots of a compact frame (this class); a method with more gets a {@link Wide} frame. */
    public static final int COMPACT_PRIM_SLOTS = 1;
    /** Reference slots of a compact frame (this class); a method with more gets a {@link Wide} frame. */
    public static final int COMPACT_REF_SLOTS = 2;

    public long j0;
    public Object a0, a1;
    /** Where the body resumes: 0 is the start, k the k-th await of the method. */
    public int label;

    final CoroutineBody body;
    /** Name and await lines of the woven method, see {@link CoroutineSite}. */
    final String site;
    byte state;
    /** How many bodies are on the Java stack below this one, run inline by awaits (bounded). */
    byte inlineDepth;
    /** The body returned another awaitable: when it is done, this frame completes with its outcome. */
    boolean tail;
    /** {@code value} is a failure (a Throwable to rethrow), not a value. */
    boolean failed;
    WovenCoroutine<?> parent;
    Awaitable<?> awaiting;
    /** The outcome to resume with, then the final outcome: a value, or the failure when {@code failed}. */
    Object value;

    WovenCoroutine(CoroutineBody body, String site) {
        this.body = body;
        this.site = site;
    }

    /**
     * A compact frame for a coroutine type of the runtime's own ({@code dev.weft.io}'s I/O coroutines), which
     * keeps its state in its own fields and resumes through {@code body}; tracked like a frame of {@link #create}.
     */
    protected WovenCoroutine(String site, CoroutineBody body) {
        this(body, site);
        if (CoroutineTracking.enabled) {
            CoroutineTracking.track(this);
        }
    }

    /** The frame of a method with more slots than a compact frame holds: the wide slots and the overflow arrays. */
    public static final class Wide<T> extends WovenCoroutine<T> {
        public long j1, j2, j3;
        public Object a2, a3;
        public long[] jx;
        public Object[] ax;

        Wide(CoroutineBody body, String site) {
            super(body, site);
        }

        @Override
        void clearSlots() {
            super.clearSlots();
            a2 = a3 = null;
            if (ax != null) {
                java.util.Arrays.fill(ax, null);
            }
        }
    }

    /**
     * Called by woven code at the start of an {@code @Async} method.
     *
     * @param site the method's name, optionally with its source file and await lines (see {@link CoroutineSite})
     */
    public static <T> WovenCoroutine<T> create(CoroutineBody body, String site, int primSlots, int refSlots) {
        WovenCoroutine<T> f;
        if (primSlots <= COMPACT_PRIM_SLOTS && refSlots <= COMPACT_REF_SLOTS) {
            f = new WovenCoroutine<>(body, site);
        } else {
            Wide<T> w = new Wide<>(body, site);
            if (primSlots > FIELD_SLOTS) {
                w.jx = new long[primSlots - FIELD_SLOTS];
            }
            if (refSlots > FIELD_SLOTS) {
                w.ax = new Object[refSlots - FIELD_SLOTS];
            }
            f = w;
        }
        if (CoroutineTracking.enabled) {
            CoroutineTracking.track(f);
        }
        return f;
    }

    /** The woven method's name, {@code Owner.method}. */
    public String name() {
        return CoroutineSite.name(site);
    }

    /** Where this frame waits, as a stack trace element, or null if unknown. */
    StackTraceElement awaitingAt() {
        return tail ? null : CoroutineSite.awaitingAt(site, label);
    }

    /** Whoever awaits this coroutine, or null. */
    public WovenCoroutine<?> parent() {
        return parent;
    }

    /** What this frame waits for while suspended. */
    public Awaitable<?> awaiting() {
        return awaiting;
    }

    /** Marks the coroutine as taken (by a task or an awaiter); refuses a second taker. */
    public void claim() {
        if (state != CREATED) {
            throw new IllegalStateException("coroutine " + name() + " was already awaited: a coroutine is one execution;"
                    + " spawn it as a Task to await its result more than once");
        }
        state = CLAIMED;
        markStarted();
    }

    /** Whether the body has not run yet (created or claimed). */
    boolean notStarted() {
        return state <= CLAIMED;
    }

    private void markStarted() {
        if (CoroutineTracking.everEnabled) {
            CoroutineTracking.started(this);
        }
    }

    /** Drops the references a finished frame still holds in its slots. */
    void clearSlots() {
        a0 = a1 = null;
    }

    /** Sets the outcome: the value, or the failure if {@code e} is not null. */
    void setOutcome(Object v, Throwable e) {
        if (e != null) {
            value = e;
            failed = true;
        } else {
            value = v;
            failed = false;
        }
    }

    /** The failure held in {@code value}, or null. */
    Throwable error() {
        return failed ? (Throwable) value : null;
    }

    @Override
    public State state() {
        switch (state) {
            case CREATED:
            case CLAIMED: return State.CREATED;
            case RUNNING: return State.RUNNING;
            case SUSPENDED: return State.SUSPENDED;
            default: return State.CLOSED;
        }
    }

    @Override
    public boolean isDone() {
        return state == CLOSED;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T result() {
        checkDone();
        if (failed) {
            throw Outcomes.asUnchecked((Throwable) value);
        }
        return (T) value;
    }

    @Override
    public Throwable exception() {
        checkDone();
        return error();
    }

    private void checkDone() {
        if (state != CLOSED) {
            throw new IllegalStateException("coroutine " + name() + " is not done");
        }
    }

    @Override
    public void whenDone(Runnable callback) {
        if (state == CLOSED) {
            callback.run();
            return;
        }
        throw new UnsupportedOperationException("coroutine " + name() + " is driven by whoever awaits it;"
                + " spawn it as a Task (Weft.spawn) to observe its completion");
    }

    @Override
    public void close() {
        switch (state) {
            case CLOSED:
                return;
            case CREATED:
            case CLAIMED:
                // its outcome is the close: whoever claimed it (a task not started yet) ends cancelled, not with a
                // value the body never produced
                finish(null, new CancelledException("coroutine " + name() + " was closed before it started"));
                markStarted();
                return;
            case RUNNING:
                throw new IllegalStateException("coroutine " + name() + " is running and cannot close itself");
            default:
                closeSuspended();
        }
    }

    private void closeSuspended() {
        Awaitable<?> child = awaiting;
        if (child instanceof WovenCoroutine && ((WovenCoroutine<?>) child).parent == this) {
            ((WovenCoroutine<?>) child).close();
        }
        CancelledException exit = new CancelledException("coroutine " + name() + " was closed");
        awaiting = null;
        if (tail) {
            tail = false;
            finish(null, exit);
            return;
        }
        setOutcome(null, exit);
        state = RUNNING;
        inlineDepth = 0;
        Object r;
        try {
            r = body.resume(this);
        } catch (CancelledException e) {
            finish(null, exit);
            if (e != exit) {
                throw e;
            }
            return;
        } catch (Throwable t) {
            finish(null, exit);
            throw Outcomes.sneakyThrow(t);
        }
        finish(null, exit);
        if (r == Intrinsics.SUSPENDED) {
            throw new IllegalStateException("coroutine " + name() + " awaited something unfinished while being closed;"
                    + " a finally block that runs on close may only await things that are already done");
        }
    }

    /** Ends this frame with an outcome and drops everything it kept. */
    void finish(Object v, Throwable e) {
        state = CLOSED;
        awaiting = null;
        tail = false;
        setOutcome(v, e);
        clearSlots();
    }

    @Override
    public String toString() {
        return "Coroutine[" + name() + ", " + state() + "]";
    }
}
