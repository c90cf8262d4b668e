package dev.weft.internal;

import java.util.concurrent.CompletionException;

/** Small helpers for handing outcomes (values or failures) between awaitables and awaiters. */
public final class Outcomes {
    private Outcomes() {
    }

    /**
     * Throws {@code failure} as it is, checked or not, without wrapping. Declared to return an exception
     * so that callers can write {@code throw Outcomes.sneakyThrow(t)} and keep the compiler's flow analysis.
     */
    public static RuntimeException sneakyThrow(Throwable failure) {
        throw Outcomes.<RuntimeException>throwAs(failure);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E throwAs(Throwable failure) throws E {
        throw (E) failure;
    }

    /** For public non-woven APIs: unchecked failures and errors as they are, checked ones wrapped. */
    public static RuntimeException asUnchecked(Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new CompletionException(failure);
    }
}
