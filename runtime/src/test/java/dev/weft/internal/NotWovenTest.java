package dev.weft.internal;

import dev.weft.NotWovenError;
import dev.weft.Promise;
import dev.weft.Weft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The error of unwoven code names its cause: no agent, an agent that never saw the class, or the agent's reason. The
 * class it names is the first caller outside Weft and the JDK, however JDK code reached {@code Weft.await}: through
 * java.* code, through jdk.* and sun.* implementation classes, and through a proxy the JDK generated.
 */
class NotWovenTest {
    @AfterEach
    void noAgent() {
        System.clearProperty(NotWoven.AGENT_PROPERTY);
        System.clearProperty(NotWoven.AGENT_FAILURE_PROPERTY);
    }

    @Test
    void withoutAnAgentAwaitSaysHowToEnableWeaving() {
        NotWovenError e = assertThrows(NotWovenError.class, () -> Weft.await(new Promise<Integer>()));
        assertTrue(e.getMessage().startsWith("Weft.await(...) was called in a method that has not been woven."), e.getMessage());
        assertTrue(e.getMessage().contains("no Weft agent runs in this JVM"), e.getMessage());
        assertTrue(e.getMessage().contains("dev.weft:weft-maven-plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent:weft-agent.jar"), e.getMessage());
        assertEquals("dev.weft.Weft.await", e.getStackTrace()[0].getClassName() + "." + e.getStackTrace()[0].getMethodName(),
                "the trace starts at the await");
    }

    @Test
    void withAnAgentRunningAwaitNamesTheClassTheAgentNeverSaw() {
        System.setProperty(NotWoven.AGENT_PROPERTY, "include=[app.**]");
        Runnable[] calls = {
            () -> Weft.await(new Promise<Integer>()),
            () -> Weft.await(new CompletableFuture<Integer>()),
            () -> java.util.stream.Stream.of(new Promise<Integer>()).map(Weft::await).findFirst(), // through JDK code
        };
        for (Runnable call : calls) {
            NotWovenError e = assertThrows(NotWovenError.class, call::run);
            assertTrue(e.getMessage().contains("the Weft agent is running (include=[app.**]) but never wove class "
                    + NotWovenTest.class.getName() + " (in method lambda$"), e.getMessage());
            assertTrue(e.getMessage().contains("loaded after it was installed"), e.getMessage());
            assertFalse(e.getMessage().contains("start the JVM with -javaagent"), e.getMessage());
        }
    }

    @Test
    void anAgentThatFailedToInstallIsNamed() {
        System.setProperty(NotWoven.AGENT_FAILURE_PROPERTY, "java.lang.NoClassDefFoundError: x/Y");
        NotWovenError e = assertThrows(NotWovenError.class, () -> Weft.await(new Promise<Integer>()));
        assertTrue(e.getMessage().contains("the Weft agent was given (-javaagent) but failed to install"
                + " (java.lang.NoClassDefFoundError: x/Y)"), e.getMessage());
    }

    @Test
    void theAgentsReasonIsTheMessage() {
        NotWovenError a = assertThrows(NotWovenError.class,
                () -> NotWoven.await(new Promise<Integer>(), "the agent refused class app.C:\n  C.java:3: problem"));
        assertEquals("Weft.await(...) was called in a method that has not been woven: the agent refused class app.C:\n"
                + "  C.java:3: problem", a.getMessage());
        NotWovenError s = assertThrows(NotWovenError.class,
                () -> NotWoven.await(new CompletableFuture<Integer>(), "not included"));
        assertEquals("Weft.await(...) was called in a method that has not been woven: not included", s.getMessage());
        NotWovenError refused = NotWoven.refused("woven by another Weft");
        assertEquals("this @Async method cannot run: woven by another Weft", refused.getMessage());
        assertEquals(NotWovenTest.class.getName(), refused.getStackTrace()[0].getClassName(), "thrown where it was called");
    }

    /** {@code Weft.await(awaitable)} as a method handle, with the awaitable bound in. */
    private static MethodHandle awaitOf(Promise<Integer> awaitable) throws ReflectiveOperationException {
        MethodHandle await = MethodHandles.publicLookup().findStatic(Weft.class, "await",
                MethodType.methodType(Object.class, dev.weft.Awaitable.class));
        return MethodHandles.insertArguments(await, 0, awaitable);
    }

    private static void assertNamesThisClass(NotWovenError e, String methodPrefix) {
        assertTrue(e.getMessage().contains("never wove class " + NotWovenTest.class.getName() + " (in method " + methodPrefix),
                e.getMessage());
    }

    @Test
    void aProxyTheJdkGeneratedIsNotTheCaller() throws Exception {
        System.setProperty(NotWoven.AGENT_PROPERTY, "include=[app.**]");
        MethodHandle await = MethodHandles.publicLookup().findStatic(Weft.class, "await",
                MethodType.methodType(Object.class, dev.weft.Awaitable.class));
        @SuppressWarnings("unchecked")
        Function<Object, Object> viaProxy = MethodHandleProxies.asInterfaceInstance(Function.class, await);
        NotWovenError e = assertThrows(NotWovenError.class, () -> viaProxy.apply(new Promise<Integer>()));
        assertNamesThisClass(e, "lambda$aProxyTheJdkGeneratedIsNotTheCaller$");
    }

    @Test
    void jdkImplementationClassesOnTheWayAreNotTheCaller() throws Exception {
        System.setProperty(NotWoven.AGENT_PROPERTY, "include=[app.**]");
        Runnable awaitNow = MethodHandleProxies.asInterfaceInstance(Runnable.class,
                awaitOf(new Promise<>()).asType(MethodType.methodType(void.class)));
        Cleaner.Cleanable cleanable = Cleaner.create().register(new Object(), awaitNow);
        NotWovenError e = assertThrows(NotWovenError.class, () -> cleanable.clean()); // jdk.internal.ref.* runs it
        assertNamesThisClass(e, "lambda$jdkImplementationClassesOnTheWayAreNotTheCaller$");
    }

    @Test
    void sunImplementationClassesOnTheWayAreNotTheCaller(@TempDir Path dir) throws Exception {
        System.setProperty(NotWoven.AGENT_PROPERTY, "include=[app.**]");
        Files.createFile(dir.resolve("entry"));
        @SuppressWarnings("unchecked")
        DirectoryStream.Filter<Path> awaitingFilter = MethodHandleProxies.asInterfaceInstance(DirectoryStream.Filter.class,
                MethodHandles.dropArguments(awaitOf(new Promise<>()), 0, Object.class)
                        .asType(MethodType.methodType(boolean.class, Object.class)));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, awaitingFilter)) {
            NotWovenError e = assertThrows(NotWovenError.class, () -> entries.iterator().hasNext()); // sun.nio.fs.*
            assertNamesThisClass(e, "lambda$sunImplementationClassesOnTheWayAreNotTheCaller$");
        }
    }
}
