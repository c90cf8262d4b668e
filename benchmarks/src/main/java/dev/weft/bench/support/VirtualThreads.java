package dev.weft.bench.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Virtual threads reached without compiling against them: the module is built for Java 17, where
 * {@code Thread.startVirtualThread} and {@code Executors.newVirtualThreadPerTaskExecutor} do not exist. On a
 * JDK 21+ they are found by method handle; on an older one {@link #available()} is false and the
 * virtual-thread benchmarks are left out (the runner does not select them; {@link #require()} refuses).
 */
public final class VirtualThreads {
    private static final MethodHandle START_VIRTUAL_THREAD;
    private static final MethodHandle NEW_PER_TASK_EXECUTOR;

    static {
        MethodHandle start = null;
        MethodHandle executor = null;
        if (Runtime.version().feature() >= 21) {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                start = lookup.findStatic(Thread.class, "startVirtualThread",
                        MethodType.methodType(Thread.class, Runnable.class));
                executor = lookup.findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                        MethodType.methodType(ExecutorService.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                start = null;
                executor = null;
            }
        }
        START_VIRTUAL_THREAD = start;
        NEW_PER_TASK_EXECUTOR = executor;
    }

    private VirtualThreads() {
    }

    /** Whether this JVM has virtual threads (JDK 21 or later). */
    public static boolean available() {
        return START_VIRTUAL_THREAD != null;
    }

    /** Refuses, with the reason, when this JVM has no virtual threads. */
    public static void require() {
        if (!available()) {
            throw new IllegalStateException("virtual threads need JDK 21 or later; this is "
                    + System.getProperty("java.vm.name") + " " + Runtime.version()
                    + " (the runner leaves the virtual-thread benchmarks out there)");
        }
    }

    /** {@code Thread.startVirtualThread(task)}. */
    public static Thread start(Runnable task) {
        require();
        try {
            return (Thread) START_VIRTUAL_THREAD.invokeExact(task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    public static ExecutorService newPerTaskExecutor() {
        require();
        try {
            return (ExecutorService) NEW_PER_TASK_EXECUTOR.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code body} in a new virtual thread and waits for its value (rethrowing its failure). */
    public static <T> T call(Callable<T> body) {
        Object[] outcome = new Object[2];
        Thread t = start(() -> {
            try {
                outcome[0] = body.call();
            } catch (Throwable e) {
                outcome[1] = e;
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (outcome[1] != null) {
            Throwable e = (Throwable) outcome[1];
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            throw new IllegalStateException(e);
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome[0];
        return value;
    }
}
