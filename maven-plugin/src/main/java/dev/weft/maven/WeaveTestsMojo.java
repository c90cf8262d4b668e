package dev.weft.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * Goal {@code weft:weave-tests}: weaves the {@code @Async} methods of the test classes in place, after test
 * compilation. Fails the build, changing nothing, if any class misuses {@code await} or {@code @Async}.
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, threadSafe = true)
public final class WeaveTestsMojo extends AbstractWeaveMojo {

    /** The directory of compiled test classes. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
    private File testClassesDirectory;

    @Override
    File classDirectory() {
        return testClassesDirectory;
    }
}
