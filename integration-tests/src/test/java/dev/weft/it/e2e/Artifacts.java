package dev.weft.it.e2e;

import dev.weft.Weft;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the artifacts built in this reactor are (paths come from the failsafe configuration). */
final class Artifacts {
    private Artifacts() {
    }

    static Path agentJar() {
        Path jar = Path.of(required("weft.agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the agent jar " + jar + " does not exist: build the javaagent module first"
                    + " (mvn -B verify from the project root)");
        }
        return jar;
    }

    /** The runtime as the tests see it: a jar, or the runtime module's classes directory. */
    static Path runtime() {
        try {
            return Path.of(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through Maven failsafe");
        }
        return value;
    }
}
