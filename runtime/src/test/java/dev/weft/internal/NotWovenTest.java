package dev.weft.internal;

import dev.weft.NotWovenError;
import dev.weft.Promise;
import dev.weft.Weft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error of unwoven code names its cause: no agent, an agent that never saw the class, or the agent's reason. */
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
}
