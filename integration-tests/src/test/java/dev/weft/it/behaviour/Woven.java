package dev.weft.it.behaviour;

import dev.weft.transformer.testing.InMemoryCompiler;
import dev.weft.transformer.testing.WovenLoader;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/** Compiles one Java source at --release 17, weaves and verifies it, and calls one of its static methods. */
final class Woven {
    private Woven() {
    }

    static Object call(String className, String source, String method, Object... args) throws Throwable {
        Map<String, byte[]> compiled = InMemoryCompiler.compile(17, Map.of(className, source));
        WovenLoader loader = WovenLoader.weaveAndLoad(compiled);
        Class<?> cls = loader.loadClass(className);
        for (java.lang.reflect.Method m : cls.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(className + "." + method);
    }
}
