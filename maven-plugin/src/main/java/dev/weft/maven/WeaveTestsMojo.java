package dev.weft.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.util.List;

/**
 * Goal {@code weft:weave-tests}: weaves the {@code @Async} methods of the test classes in place, after test
 * compilation. Fails the build, changing nothing, if any class misuses {@code await} or {@code @Async}.
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public final class WeaveTestsMojo extends AbstractWeaveMojo {

    /** The directory of compiled test classes. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
    private File testClassesDirectory;

    /** The test and main classes and their test dependencies: what the woven classes are type-checked against. */
    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
    private List<String> classpath;

    @Override
    File classDirectory() {
        return testClassesDirectory;
    }

    @Override
    List<String> classpath() {
        return classpath;
    }
}
