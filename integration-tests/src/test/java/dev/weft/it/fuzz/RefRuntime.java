package dev.weft.it.fuzz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The reference semantics of Weft, synchronous: the stand-ins the {@linkplain Variant#REFERENCE reference
 * spelling} of a program imports in place of {@code dev.weft}. An {@code @Async} method is an ordinary method
 * whose body runs when it is called and returns a finished coroutine (a value holder), and {@code await}
 * returns the value or rethrows the failure at once. Generated programs create a coroutine only as the
 * argument of {@code await} or {@code Weft.run}, or as a tail {@code return} outside every try, so running the
 * body at the call and running it at the await give the same order of effects.
 */
public final class RefRuntime {
    private RefRuntime() {
    }

    /** Marks the methods that are coroutines in the woven spelling; means nothing here. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    public @interface Async {
    }

    /** Something awaitable: already finished, with a value or a failure. */
    public interface Awaitable<T> {
        /** The value, or the failure thrown as it is (checked ones too). */
        T outcome();
    }

    /** A finished coroutine: what an {@code @Async} body's {@code return Coroutine.of(v)} gives. */
    public static final class Coroutine<T> implements Awaitable<T> {
        private static final Coroutine<Object> VOID = new Coroutine<>(null);
        private final T value;

        private Coroutine(T value) {
            this.value = value;
        }

        public static <T> Coroutine<T> of(T value) {
            return new Coroutine<>(value);
        }

        @SuppressWarnings("unchecked")
        public static <T> Coroutine<T> done() {
            return (Coroutine<T>) VOID;
        }

        @Override
        public T outcome() {
            return value;
        }
    }

    /** A promise; programs complete or fail it before anyone awaits it. */
    public static final class Promise<T> implements Awaitable<T> {
        private boolean done;
        private T value;
        private Throwable failure;

        public boolean complete(T v) {
            if (done) {
                return false;
            }
            done = true;
            value = v;
            return true;
        }

        public boolean fail(Throwable e) {
            if (done) {
                return false;
            }
            done = true;
            failure = e;
            return true;
        }

        @Override
        public T outcome() {
            if (!done) {
                throw new IllegalStateException("reference: a promise was awaited before it was completed");
            }
            if (failure != null) {
                throw RefRuntime.<RuntimeException>sneaky(failure);
            }
            return value;
        }
    }

    /** The entry points the programs use. */
    public static final class Weft {
        private Weft() {
        }

        public static <T> T await(Awaitable<T> awaitable) {
            return awaitable.outcome();
        }

        /** Waits for the stage (it may complete on another thread); rethrows its failure unwrapped. */
        public static <T> T await(CompletionStage<T> stage) {
            try {
                return stage.toCompletableFuture().join();
            } catch (CompletionException e) {
                throw RefRuntime.<RuntimeException>sneaky(e.getCause());
            }
        }

        /** The coroutine's body already ran, when it was created. */
        public static <T> T run(Coroutine<T> main) {
            return main.outcome();
        }

        /** The coroutine's body already ran; there is nothing to schedule. */
        public static <T> Coroutine<T> spawn(Coroutine<T> coroutine) {
            return coroutine;
        }

        /** Nothing else runs in the reference, so a sleep has nothing to wait for. */
        public static Awaitable<Void> sleep(Duration delay) {
            return Coroutine.done();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
