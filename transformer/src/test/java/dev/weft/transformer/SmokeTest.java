package dev.weft.transformer;

import dev.weft.transformer.testing.InMemoryCompiler;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void demo() throws Exception {
        String src = "package demo;\n"
                + "import dev.weft.*;\nimport java.time.Duration;\nimport static dev.weft.Weft.await;\n"
                + "public class Demo {\n"
                + "  @Async static Coroutine<Integer> inner() { await(Weft.sleep(Duration.ofMillis(5))); return Coroutine.of(10); }\n"
                + "  @Async static Coroutine<Integer> outer() { int x = await(inner()); return Coroutine.of(x + 1); }\n"
                + "  public static Object main() { return Weft.run(outer()); }\n"
                + "}\n";
        Map<String, byte[]> classes = InMemoryCompiler.compile(17, Map.of("demo.Demo", src));
        WovenLoader loader = WovenLoader.weaveAndLoad(classes);
        Object r = loader.loadClass("demo.Demo").getMethod("main").invoke(null);
        assertEquals(11, r);
    }
}
