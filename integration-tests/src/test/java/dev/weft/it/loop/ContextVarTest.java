package dev.weft.it.loop;

import dev.weft.Async;
import dev.weft.ContextVar;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.NoSuchElementException;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** Context variables follow each task across awaits, asyncio's contextvars semantics (seed 36.35). */
class ContextVarTest {
    static final ContextVar<String> REQUEST = new ContextVar<>("request");
    static final ContextVar<Integer> DEPTH = new ContextVar<>("depth", 0);

    @Async
    static Coroutine<String> handle(String id) {
        REQUEST.set(id);
        await(Weft.sleep(Duration.ofMillis(1)));
        String afterSleep = REQUEST.get();
        Task<String> child = Weft.spawn(child());
        REQUEST.set(id + "-changed-after-spawn");
        String fromChild = await(child);
        return Coroutine.of(afterSleep + "/" + fromChild + "/" + REQUEST.get());
    }

    @Async
    static Coroutine<String> child() {
        String inherited = REQUEST.get();
        REQUEST.set("child-value");       // never seen by the parent
        await(Weft.sleep(Duration.ZERO));
        return Coroutine.of(inherited);
    }

    @Async
    static Coroutine<String> server() {
        REQUEST.set("server");
        Task<String> a = Weft.spawn(handle("a"));
        Task<String> b = Weft.spawn(handle("b"));
        return Coroutine.of(await(a) + " | " + await(b) + " | " + REQUEST.get());
    }

    @Test
    void eachTaskRunsInASnapshotOfItsSpawnersContext() {
        assertEquals("a/a/a-changed-after-spawn | b/b/b-changed-after-spawn | server", Weft.run(server()));
    }

    @Async
    static Coroutine<String> tokens() {
        String before = REQUEST.get("none");
        ContextVar.Token<String> t1 = REQUEST.set("one");
        ContextVar.Token<String> t2 = REQUEST.set("two");
        REQUEST.reset(t2);
        String afterReset = REQUEST.get();
        REQUEST.reset(t1);
        String errors = "";
        try {
            REQUEST.reset(t1);
        } catch (IllegalArgumentException e) {
            errors += "used;";
        }
        try {
            REQUEST.get();
        } catch (NoSuchElementException e) {
            errors += "unset;";
        }
        ContextVar.Token<String> fromOtherTask = await(Weft.spawn(makesToken()));
        try {
            REQUEST.reset(fromOtherTask);
        } catch (IllegalArgumentException e) {
            errors += "foreign;";
        }
        return Coroutine.of(before + " " + afterReset + " " + DEPTH.get() + " " + t2.oldValue() + " " + errors);
    }

    @Async
    static Coroutine<ContextVar.Token<String>> makesToken() {
        return Coroutine.of(REQUEST.set("elsewhere"));
    }

    @Test
    void tokensResetOnceInTheirOwnContext() {
        assertEquals("none one 0 one used;unset;foreign;", Weft.run(tokens()));
    }

    @Async
    static Coroutine<String> toThreadSeesTheContext() {
        REQUEST.set("carried");
        return Coroutine.of(await(Weft.toThread(REQUEST::get)));
    }

    @Test
    void workOffTheLoopSeesTheCallersContext() {
        assertEquals("carried", Weft.run(toThreadSeesTheContext()));
    }
}
