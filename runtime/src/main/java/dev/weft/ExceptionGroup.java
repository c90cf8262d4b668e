package dev.weft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Several failures raised together (Python's {@code ExceptionGroup}), as a {@link TaskGroup}
 * raises them when more than one of its tasks failed. Java has no {@code except*}; {@link #split} is the
 * same operation by hand:
 *
 * <pre>{@code
 * try {
 *     await(TaskGroup.run(g -> crawl(g)));
 * } catch (ExceptionGroup group) {
 *     ExceptionGroup.Split s = group.split(IOException.class);
 *     if (s.match() != null) retryLater(s.match());
 *     if (s.rest() != null) throw s.rest();         // what nobody handled goes on
 * }
 * }</pre>
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@link #exceptions()} is non-empty, holds no null, never changes, and never holds the group itself;</li>
 *   <li>the message is {@code "N sub-exceptions"} ({@code "1 sub-exception"}), after the caller's message
 *       if one was given: {@code "msg (N sub-exceptions)"};</li>
 *   <li>{@link #split} and {@link #subgroup} never modify this group: they build new groups with the same
 *       nesting (a nested group is split recursively, like Python), made by {@link #derive} and carrying
 *       this group's cause and stack trace; a part that would be empty is {@code null};</li>
 *   <li>the sub-exceptions are also attached as suppressed exceptions, so a printed stack trace shows them
 *       all.</li>
 * </ul>
 *
 * <p>Unlike Python, any {@link Throwable} may be a member (there is no separate {@code BaseExceptionGroup}).
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String baseMessage;
    private final List<Throwable> exceptions;

    /** A group of {@code exceptions}, with the message {@code "N sub-exceptions"}. */
    public ExceptionGroup(List<? extends Throwable> exceptions) {
        this(null, exceptions);
    }

    /**
     * A group of {@code exceptions} with a message of its own ({@code null} for none).
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty or contains this group
     * @throws NullPointerException     if {@code exceptions} or one of its elements is null
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(messageOf(message, exceptions));
        List<Throwable> copy = new ArrayList<>(exceptions.size());
        for (Throwable t : exceptions) {
            copy.add(Objects.requireNonNull(t, "an exception of the group is null"));
        }
        this.baseMessage = message;
        this.exceptions = Collections.unmodifiableList(copy);
        for (Throwable t : copy) {
            addSuppressed(t);
        }
    }

    private static String messageOf(String message, List<? extends Throwable> exceptions) {
        int n = exceptions.size();
        if (n == 0) {
            throw new IllegalArgumentException("an exception group needs at least one exception");
        }
        String count = n + (n == 1 ? " sub-exception" : " sub-exceptions");
        return message == null ? count : message + " (" + count + ")";
    }

    /** The failures, in the order they happened (for a task group: the order the tasks failed). */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /** The message given to the constructor, without the count; {@code null} if none. */
    public String baseMessage() {
        return baseMessage;
    }

    /** The two parts of a {@link #split}: either may be {@code null} when it would be empty. */
    public record Split(ExceptionGroup match, ExceptionGroup rest) {
    }

    /** {@link #split(Predicate)} on the type: members that are instances of {@code type} match. */
    public Split split(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "type");
        return split(type::isInstance);
    }

    /**
     * Python's {@code eg.split(condition)}, what {@code except*} does: the members for which
     * {@code condition} holds, and the others, each as a group with this group's nesting. The condition is
     * tried on this group first (all of it matches if it holds), then on each nested group, then on the
     * leaves.
     */
    public Split split(Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        if (condition.test(this)) {
            return new Split(this, null);
        }
        List<Throwable> match = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable e : exceptions) {
            if (e instanceof ExceptionGroup) {
                Split s = ((ExceptionGroup) e).split(condition);
                if (s.match != null) {
                    match.add(s.match);
                }
                if (s.rest != null) {
                    rest.add(s.rest);
                }
            } else if (condition.test(e)) {
                match.add(e);
            } else {
                rest.add(e);
            }
        }
        return new Split(part(match), part(rest));
    }

    /** The members that are instances of {@code type}, as a group with this group's nesting, or null. */
    public ExceptionGroup subgroup(Class<? extends Throwable> type) {
        return split(type).match;
    }

    /** Python's {@code eg.subgroup(condition)}: the matching part of {@link #split(Predicate)}, or null. */
    public ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
        return split(condition).match;
    }

    /**
     * Makes a group like this one holding {@code exceptions} (Python's {@code derive}); {@link #split} calls
     * it for each part. Subclasses override it to keep their type and fields; the default keeps the message.
     */
    protected ExceptionGroup derive(List<Throwable> exceptions) {
        return new ExceptionGroup(baseMessage, exceptions);
    }

    private ExceptionGroup part(List<Throwable> members) {
        if (members.isEmpty()) {
            return null;
        }
        if (members.equals(exceptions)) {
            return this;
        }
        ExceptionGroup g = derive(members);
        g.setStackTrace(getStackTrace());
        Throwable cause = getCause();
        if (cause != null && g.getCause() == null) {
            g.initCause(cause);
        }
        return g;
    }
}
