package dev.weft.transformer.testing;

import java.util.Map;

/**
 * Defines classes from bytes held in memory, child first: a class in the map is defined here even if the
 * parent could load one of that name. Each instance is a fresh namespace, so a program's static state
 * starts anew with every loader.
 */
public class BytesClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    /** @param classes binary name (with dots) to class file; read when a class is first loaded, not copied */
    public BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super(parent);
        this.classes = classes;
    }

    /** The class file this loader defines for {@code name}, or null. */
    public byte[] bytes(String name) {
        return classes.get(name);
    }

    /** Every class this loader defines, by binary name. */
    public Map<String, byte[]> classes() {
        return classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (classes.containsKey(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                return c;
            }
            return super.loadClass(name, resolve);
        }
    }
}
