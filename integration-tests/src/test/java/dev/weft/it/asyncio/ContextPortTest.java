package dev.weft.it.asyncio;

import dev.weft.Context;
import dev.weft.ContextVar;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's Lib/test/test_context.py (class ContextTest, the tests of Context and ContextVar; not the HAMT ones),
 * ported to Weft's {@link Context}; test_asyncio/test_tasks.py's test_context_1 to test_context_6 are in
 * {@link ContextTasksPortTest}. Python's {@code ctx.run(f, *args)} is {@code ctx.run(() -> f(args))},
 * {@code ctx[var]} / {@code ctx.get(var)} are {@code ctx.get(var)} (null when absent), {@code var in ctx} is
 * {@code ctx.contains(var)}, {@code len(ctx)} is {@code ctx.size()}, {@code ctx.keys()} is iteration and
 * {@code ctx.items()} is {@code ctx.toMap()}. Type errors Python checks at run time are compile errors here;
 * Python's RuntimeError for a reused token is an IllegalArgumentException, as Weft's ContextVar had it before.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextPortTest {

    /** test_context.py's isolated_context decorator: runs the test in a new, empty context. */
    static void isolated(Runnable test) {
        new Context().run(test);
    }

    @Test
    void test_context_var_new_1() {
        ContextVar<String> c = new ContextVar<>("aaa");
        assertEquals("aaa", c.name());
    }

    @Test
    void test_context_new_1() {
        assertEquals(0, new Context().size()); // Context(1) or Context(a=1): no such constructor
    }

    @Test
    void test_context_typerrors_1() {
        Context ctx = new Context();
        assertThrows(NullPointerException.class, () -> ctx.get(null)); // ctx[1]: not a ContextVar, a compile error
        assertThrows(NullPointerException.class, () -> ctx.contains(null));
    }

    @Test
    void test_context_get_context_1() {
        assertNotNull(Context.copyCurrent());
    }

    @Test
    void test_context_run_1() {
        Context ctx = new Context();
        assertThrows(NullPointerException.class, () -> ctx.run((Runnable) null));
    }

    @Test
    void test_context_run_2() {
        Context ctx = new Context();
        assertEquals(List.of(1, "bar"), ctx.run(() -> Arrays.asList(1, "bar")));
        assertEquals(List.of(11, "bar"), ctx.run(() -> Arrays.asList(11, "bar")));
    }

    @Test
    void test_context_run_3() {
        Context ctx = new Context();
        assertThrows(ArithmeticException.class, () -> ctx.run(() -> 1 / zero()));
    }

    static int zero() {
        return 0;
    }

    @Test
    void test_context_run_4() {
        isolated(() -> {
            Context ctx1 = new Context();
            Context ctx2 = new Context();
            ContextVar<String> var = new ContextVar<>("var");
            Context returned = ctx1.run(() -> {
                assertNull(var.get(null));
                var.set("spam");
                ctx2.run(() -> assertNull(var.get(null)));
                assertEquals("spam", var.get(null));
                Context cur = Context.copyCurrent();
                assertEquals(1, cur.size());
                assertEquals("spam", cur.get(var));
                return cur;
            });
            // Python compares contexts by their mappings; a Weft context is its own identity, so compare the maps
            assertEquals(ctx1.toMap(), returned.toMap());
            assertEquals("spam", returned.get(var));
            assertTrue(returned.contains(var));
        });
    }

    @Test
    void test_context_run_5() {
        Context ctx = new Context();
        ContextVar<String> var = new ContextVar<>("var");
        assertThrows(ArithmeticException.class, () -> ctx.run(() -> {
            assertNull(var.get(null));
            var.set("spam");
            return 1 / zero();
        }));
        assertNull(var.get(null));
    }

    @Test
    void test_context_run_6() {
        Context ctx = new Context();
        ContextVar<Integer> c = new ContextVar<>("a", 0);
        ctx.run(() -> {
            assertEquals(0, c.get());
            assertNull(ctx.get(c));
            c.set(42);
            assertEquals(42, c.get());
            assertEquals(42, ctx.get(c));
        });
    }

    @Test
    void test_context_run_7() {
        Context ctx = new Context();
        ctx.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> { }));
            assertTrue(e.getMessage().contains("is already entered"), e.getMessage());
        });
    }

    @Test
    void test_context_getset_1() {
        isolated(() -> {
            ContextVar<Object> c = new ContextVar<>("c");
            assertThrows(NoSuchElementException.class, c::get);
            assertNull(c.get(null));

            ContextVar.Token<Object> t0 = c.set(42);
            assertEquals(42, c.get());
            assertEquals(42, c.get(null));
            assertFalse(t0.hadValue()); // t0.old_value is Token.MISSING
            assertSame(c, t0.variable());

            ContextVar.Token<Object> t = c.set("spam");
            assertEquals("spam", c.get());
            assertEquals("spam", c.get(null));
            assertEquals(42, t.oldValue());
            c.reset(t);

            assertEquals(42, c.get());
            assertEquals(42, c.get(null));

            c.set("spam2");
            IllegalArgumentException used = assertThrows(IllegalArgumentException.class, () -> c.reset(t));
            assertTrue(used.getMessage().contains("already used"), used.getMessage());
            assertEquals("spam2", c.get());

            Context ctx1 = Context.copyCurrent();
            assertTrue(ctx1.contains(c));

            c.reset(t0);
            assertThrows(IllegalArgumentException.class, () -> c.reset(t0));
            assertNull(c.get(null));

            assertTrue(ctx1.contains(c));
            assertEquals("spam2", ctx1.get(c));
            assertEquals("spam2", ctx1.get(c, "aa"));
            assertEquals(1, ctx1.size());
            assertEquals(Map.of(c, "spam2"), ctx1.toMap());
            List<ContextVar<?>> keys = new ArrayList<>();
            ctx1.forEach(keys::add);
            assertEquals(List.of(c), keys);

            Context ctx2 = Context.copyCurrent();
            assertFalse(ctx2.contains(c));
            assertNull(ctx2.get(c));
            assertEquals("aa", ctx2.get(c, "aa"));
            assertEquals(0, ctx2.size());
            assertFalse(ctx2.iterator().hasNext());
        });
    }

    @Test
    void test_context_getset_2() {
        isolated(() -> {
            ContextVar<Object> v1 = new ContextVar<>("v1");
            ContextVar<Object> v2 = new ContextVar<>("v2");
            ContextVar.Token<Object> t1 = v1.set(42);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v2.reset(t1));
            assertTrue(e.getMessage().contains("made by context variable 'v1'"), e.getMessage());
        });
    }

    @Test
    void test_context_getset_3() {
        isolated(() -> {
            ContextVar<Integer> c = new ContextVar<>("c", 42);
            Context ctx = new Context();
            ctx.run(() -> {
                assertEquals(42, c.get());
                assertNull(ctx.get(c));
                assertEquals(-1, ctx.get(c, -1));
                assertFalse(ctx.contains(c));
                assertFalse(ctx.iterator().hasNext());

                ContextVar.Token<Integer> t = c.set(1);
                assertEquals(List.of(c), new ArrayList<>(ctx.toMap().keySet()));
                assertEquals(1, ctx.get(c));

                c.reset(t);
                assertFalse(ctx.iterator().hasNext());
                assertNull(ctx.get(c));
            });
        });
    }

    @Test
    void test_context_getset_4() {
        isolated(() -> {
            ContextVar<Integer> c = new ContextVar<>("c", 42);
            Context ctx = new Context();
            ContextVar.Token<Integer> tok = ctx.run(() -> c.set(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.reset(tok));
            assertTrue(e.getMessage().contains("another context"), e.getMessage());
        });
    }

    @Test
    void test_context_getset_5() {
        isolated(() -> {
            ContextVar<List<Integer>> c = new ContextVar<>("c", new ArrayList<>());
            c.set(new ArrayList<>());
            Context.copyCurrent().run(() -> {
                c.set(new ArrayList<>());
                c.get().add(42);
                assertEquals(List.of(42), c.get());
            });
            assertEquals(List.of(), c.get());
        });
    }

    @Test
    void test_context_copy_1() {
        Context ctx1 = new Context();
        ContextVar<Integer> c = new ContextVar<>("c", 42);
        ctx1.run(() -> {
            c.set(10);
            Context ctx2 = ctx1.copy();
            assertEquals(10, ctx2.get(c));

            c.set(20);
            assertEquals(20, ctx1.get(c));
            assertEquals(10, ctx2.get(c));

            ctx2.run(() -> {
                assertEquals(10, c.get());
                c.set(30);
                assertEquals(30, c.get());
            });
            assertEquals(20, ctx1.get(c));
            assertEquals(30, ctx2.get(c));
        });
    }

    @Test
    void test_context_threads_1() throws Exception {
        ContextVar<Integer> cvar = new ContextVar<>("cvar");
        ExecutorService tp = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int n = 0; n < 10; n++) {
                int num = n;
                results.add(tp.submit(() -> new Context().run(() -> {
                    Random random = new Random(num);
                    for (int i = 0; i < 10; i++) {
                        cvar.set(num + i);
                        sleepQuietly(1 + random.nextInt(3));
                        assertEquals(num + i, cvar.get());
                    }
                    return num;
                })));
            }
            for (int n = 0; n < 10; n++) {
                assertEquals(n, results.get(n).get());
            }
        } finally {
            tp.shutdown();
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
