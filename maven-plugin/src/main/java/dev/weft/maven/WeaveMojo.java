package dev.weft.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.util.List;

/**
 * Goal {@code weft:weave}: weaves the {@code @Async} methods of the main classes in place, after compilation.
 * Fails the build, changing nothing, if any class misuses {@code await} or {@code @Async}.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
public final class WeaveMojo extends AbstractWeaveMojo {

    /** The directory of compiled main classes. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /** The main classes and their compile dependencies: what the woven classes are type-checked against. */
    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
    private List<String> classpath;

    @Override
    File classDirectory() {
        return classesDirectory;
    }

    @Override
    List<String> classpath() {
        return classpath;
    }
}
