package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.weft.ModelChecked.fork;
import static dev.weft.ModelChecked.join;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Promise} from several threads under Lincheck's model checker: one completer wins and its outcome is the
 * one everybody sees; every callback registered before or during the completion runs exactly once; a callback
 * removed while the promise completes either ran or was removed, never both and never neither; removing one
 * callback never drops another registered at the same moment.
 */
class PromiseLincheckTest {
    @Test
    void exactlyOneOfCompleteFailAndCancelWinsAndItsOutcomeIsKept() {
        ModelChecked.check(1_000, () -> {
            Promise<Integer> p = new Promise<>();
            boolean[] won = new boolean[3];
            Thread completer = fork(() -> won[0] = p.complete(1));
            Thread failer = fork(() -> won[1] = p.fail(new IllegalStateException("failed")));
            won[2] = p.cancel();
            join(completer, failer);
            assertEquals(1, (won[0] ? 1 : 0) + (won[1] ? 1 : 0) + (won[2] ? 1 : 0));
            assertTrue(p.isDone());
            if (won[0]) {
                assertEquals(1, p.result());
            } else if (won[1]) {
                assertInstanceOf(IllegalStateException.class, p.exception());
            } else {
                assertTrue(p.isCancelled());
            }
        });
    }

    @Test
    void everyCallbackRunsExactlyOnceWhateverTheInterleaving() {
        ModelChecked.check(1_000, () -> {
            Promise<Integer> p = new Promise<>();
            AtomicInteger first = new AtomicInteger();
            AtomicInteger second = new AtomicInteger();
            AtomicInteger third = new AtomicInteger();
            Thread registrar = fork(() -> {
                p.whenDone(first::incrementAndGet);
                p.whenDone(second::incrementAndGet);
            });
            Thread completer = fork(() -> p.complete(1));
            p.whenDone(third::incrementAndGet);
            join(registrar, completer);
            assertEquals(1, first.get());
            assertEquals(1, second.get());
            assertEquals(1, third.get());
        });
    }

    @Test
    void aCallbackRemovedWhileThePromiseCompletesEitherRanOrWasRemoved() {
        ModelChecked.check(1_000, () -> {
            Promise<Integer> p = new Promise<>();
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            Runnable callback = ran::incrementAndGet;
            p.whenDone(other::incrementAndGet);
            p.whenDone(callback);
            Thread completer = fork(() -> p.complete(1));
            boolean removed = p.removeWhenDone(callback);
            join(completer);
            assertEquals(removed ? 0 : 1, ran.get());
            assertEquals(1, other.get(), "the callback that was not removed runs");
        });
    }

    @Test
    void removingOneCallbackNeverDropsAnotherRegisteredMeanwhile() {
        ModelChecked.check(1_000, () -> {
            Promise<Integer> p = new Promise<>();
            AtomicInteger removedOne = new AtomicInteger();
            AtomicInteger added = new AtomicInteger();
            Runnable toRemove = removedOne::incrementAndGet;
            p.whenDone(toRemove);
            Thread registrar = fork(() -> p.whenDone(added::incrementAndGet));
            assertTrue(p.removeWhenDone(toRemove));
            join(registrar);
            p.complete(1);
            assertEquals(0, removedOne.get());
            assertEquals(1, added.get());
        });
    }
}
