package dev.weft.transformer.testing;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.Weaver;
import dev.weft.transformer.WovenClass;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Weaves compiled classes, checks each woven class with ASM's CheckClassAdapter (a full data-flow
 * verification), and defines them in a fresh class loader whose parent sees the runtime. The JVM's own
 * verifier checks them again when they load.
 */
public final class WovenLoader extends BytesClassLoader {
    private final Map<String, WovenClass> woven = new TreeMap<>();

    private WovenLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super(classes, parent);
    }

    /** Weaves all classes (those needing it), verifies them, and returns a loader defining them. */
    public static WovenLoader weaveAndLoad(Map<String, byte[]> compiled) throws WeaveException {
        Weaver weaver = new Weaver();
        Map<String, byte[]> result = new TreeMap<>();
        WovenLoader loader = new WovenLoader(result, WovenLoader.class.getClassLoader());
        for (Map.Entry<String, byte[]> e : compiled.entrySet()) {
            WovenClass w = weaver.weave(e.getValue());
            if (w != null) {
                loader.woven.put(e.getKey(), w);
                result.put(e.getKey(), w.bytes());
            } else {
                result.put(e.getKey(), e.getValue());
            }
        }
        for (String name : loader.woven.keySet()) {
            verify(name, result.get(name), loader);
        }
        return loader;
    }

    /** Runs ASM's verifier over a class; fails with the analyzer's report. */
    public static void verify(String name, byte[] bytes, ClassLoader loader) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(report));
        if (report.getBuffer().length() > 0) {
            throw new AssertionError("woven class " + name + " does not verify:\n" + report);
        }
    }

    public Map<String, WovenClass> woven() {
        return woven;
    }
}
