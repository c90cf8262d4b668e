package dev.weft.it.validation;

import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Compiles every fixture with every available compiler and {@code --release} (javac and ecj), weaves it, verifies each woven class with
 * ASM's CheckClassAdapter, loads it in a real JVM and checks what its {@code run()} returns.
 */
class ValidationTest {

    @TestFactory
    Stream<DynamicContainer> fixturesAtEveryRelease() {
        List<Fixture> fixtures = Fixture.all();
        return Compilers.available().stream().map(compiler -> DynamicContainer.dynamicContainer(compiler.name(),
                fixtures.stream().filter(f -> f.since() <= compiler.release() && !(f.javacOnly() && compiler.isEcj()))
                        .map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f, compiler)))));
    }

    static void check(Fixture fixture, Compilers compiler) throws Throwable {
        Map<String, byte[]> compiled = compiler.compile(Map.of(fixture.className(), fixture.source()));
        WovenLoader loader = WovenLoader.weaveAndLoad(compiled);
        assertFalse(loader.woven().isEmpty(), "fixture " + fixture.name() + " has nothing to weave");
        Object result;
        try {
            result = loader.loadClass(fixture.className()).getMethod("run").invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        assertEquals(fixture.expected(), String.valueOf(result), "fixture " + fixture.name() + " compiled by " + compiler.name());
    }

    /** Class names of a compilation, for messages. */
    static String names(Map<String, byte[]> classes) {
        return new TreeMap<>(classes).keySet().stream().collect(Collectors.joining(", "));
    }
}
