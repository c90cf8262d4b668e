package dev.weft.maven;

import dev.weft.transformer.WeaveProblem;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code weave} and {@code weave-tests} goals share: the {@code skip} switch, the call to
 * {@link ClassDirectoryWeaver} and the logging. A subclass only names the directory.
 *
 * <p>Logging contract: one INFO line per successful execution (the summary, or the note that weaving was
 * skipped); one ERROR line per problem when classes are refused, followed by a {@link MojoFailureException};
 * everything else at DEBUG.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {

    /** Skips weaving, for both goals. */
    @Parameter(property = "weft.skip", defaultValue = "false")
    private boolean skip;

    /** The directory whose class files are woven in place. */
    abstract File classDirectory();

    /** The class path the woven classes are type-checked against (see {@link ClassDirectoryWeaver#verifying}). */
    abstract List<String> classpath();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Weft: weaving skipped (weft.skip=true)");
            return;
        }
        Path directory = classDirectory().toPath();
        long start = System.nanoTime();
        try (URLClassLoader hierarchy = classLoaderOver(classpath())) {
            DirectoryWeaveResult result = ClassDirectoryWeaver.verifying(hierarchy, getLog()::debug).weave(directory);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            getLog().info("Weft: " + result.summary() + " in " + millis + " ms");
        } catch (DirectoryWeaveException e) {
            for (WeaveProblem problem : e.problems()) {
                getLog().error(problem.toString());
            }
            throw new MojoFailureException(e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** The project's classes, for the type check only: never initialized, and isolated from the plugin's own. */
    private static URLClassLoader classLoaderOver(List<String> elements) throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        for (String element : elements == null ? List.<String>of() : elements) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("Weft: bad class path element " + element, e);
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }
}
