package dev.weft.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * Goal {@code weft:weave}: weaves the {@code @Async} methods of the main classes in place, after compilation.
 * Fails the build, changing nothing, if any class misuses {@code await} or {@code @Async}.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class WeaveMojo extends AbstractWeaveMojo {

    /** The directory of compiled main classes. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    @Override
    File classDirectory() {
        return classesDirectory;
    }
}
