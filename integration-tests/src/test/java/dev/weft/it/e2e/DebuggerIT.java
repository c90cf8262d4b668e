package dev.weft.it.e2e;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.StepRequest;
import dev.weft.transformer.testing.InMemoryCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real debugger (the JDK's JDI, over JDWP, as IDEs use it) on a program woven by the real agent: a breakpoint
 * on a line after an await stops there, in the user's class and source file, with the locals the await kept;
 * stepping over goes to the next line of the same body; the stack shows the user's line. The woven body is a
 * synthetic {@code lambda$...$weftN}: flagged as a lambda is, it stays the user's code to the debugger.
 */
class DebuggerIT {
    private static final String SOURCE = """
            package dbg;
            import dev.weft.*;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class Main {
                @Async static Coroutine<Integer> compute(int base) {
                    int doubled = base * 2;
                    await(Weft.sleep(Duration.ofMillis(1)));
                    int total = doubled + 1;
                    return Coroutine.of(total);
                }
                public static void main(String[] args) { System.out.println(Weft.run(compute(20))); }
            }
            """;
    private static final int LINE_AFTER_AWAIT = 9;

    @Test
    void aBreakpointAfterAnAwaitStopsInTheUsersLineWithItsLocalsAndStepOverStaysInTheBody(@TempDir Path dir)
            throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("dbg"));
        Files.write(classes.resolve("dbg/Main.class"), InMemoryCompiler.compile(17, Map.of("dbg.Main", SOURCE)).get("dbg.Main"));
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable().toString(),
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0",
                "-javaagent:" + Artifacts.agentJar(), "-cp", classes + File.pathSeparator + Artifacts.runtime(), "dbg.Main"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String listening = out.readLine();
            assertTrue(listening != null && listening.startsWith("Listening for transport dt_socket at address: "), listening);
            VirtualMachine vm = attach(listening.substring(listening.lastIndexOf(':') + 1).strip());
            List<String> seen = debug(vm);
            assertEquals(List.of(
                    "breakpoint dbg.Main.lambda$compute$weft0 Main.java:9 synthetic doubled=40",
                    "stack [dbg.Main.lambda$compute$weft0:9, dbg.Main.main:12]",
                    "step dbg.Main.lambda$compute$weft0 Main.java:10"), seen);
            assertEquals("41", out.readLine());
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertEquals(0, process.exitValue());
    }

    private static VirtualMachine attach(String port) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(port);
        return socket.attach(arguments);
    }

    /** Runs the program under the debugger to its end; what the debugger saw, one line per stop. */
    private static List<String> debug(VirtualMachine vm) throws Exception {
        List<String> seen = new ArrayList<>();
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter("dbg.Main");
        prepare.enable();
        vm.resume();
        for (;;) {
            EventSet events = vm.eventQueue().remove(60_000);
            if (events == null) {
                throw new AssertionError("the debugged program stopped answering; seen so far: " + seen);
            }
            for (Event e : events) {
                if (e instanceof ClassPrepareEvent) {
                    ReferenceType type = ((ClassPrepareEvent) e).referenceType();
                    for (Location at : type.locationsOfLine(LINE_AFTER_AWAIT)) {
                        BreakpointRequest breakpoint = vm.eventRequestManager().createBreakpointRequest(at);
                        breakpoint.enable();
                    }
                } else if (e instanceof BreakpointEvent) {
                    ThreadReference thread = ((BreakpointEvent) e).thread();
                    StackFrame frame = thread.frame(0);
                    LocalVariable doubled = frame.visibleVariableByName("doubled");
                    seen.add("breakpoint " + where(frame.location()) + (frame.location().method().isSynthetic()
                            ? " synthetic" : "") + " doubled=" + ((IntegerValue) frame.getValue(doubled)).value());
                    seen.add("stack [" + userFrames(thread) + "]");
                    StepRequest step = vm.eventRequestManager().createStepRequest(thread, StepRequest.STEP_LINE,
                            StepRequest.STEP_OVER);
                    step.addCountFilter(1);
                    step.enable();
                } else if (e instanceof StepEvent) {
                    seen.add("step " + where(((StepEvent) e).location()));
                    vm.eventRequestManager().deleteEventRequest(e.request());
                } else if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    return seen;
                }
            }
            events.resume();
        }
    }

    private static String where(Location at) throws Exception {
        return at.declaringType().name() + "." + at.method().name() + " " + at.sourceName() + ":" + at.lineNumber();
    }

    /**
     * The frames of the debugged thread in the user's class: not the loop's and Weft's frames between them, nor
     * the JDK's hidden class that implements the body's interface.
     */
    private static String userFrames(ThreadReference thread) throws Exception {
        List<String> frames = new ArrayList<>();
        for (StackFrame f : thread.frames()) {
            String type = f.location().declaringType().name();
            if (type.startsWith("dbg.") && !type.contains("$$Lambda")) {
                frames.add(f.location().declaringType().name() + "." + f.location().method().name() + ":"
                        + f.location().lineNumber());
            }
        }
        return String.join(", ", frames);
    }
}
