package dev.weft.it.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A small Maven project written to a temporary directory that uses the real weft-maven-plugin built in this
 * reactor, and builds it with the real Maven that runs this build. The reactor's artifacts are staged in a
 * private local repository; everything else resolves from the outer build's local repository (as a file
 * mirror), so no network is needed. When the build measures coverage, the nested Maven's JVM runs with JaCoCo's
 * agent ({@link ChildCoverage}), which sees the plugin and the transformer at work.
 */
final class NestedMavenProject {
    private final Path dir;
    private final Path repository;
    private final Path settings;

    private NestedMavenProject(Path dir, Path repository, Path settings) {
        this.dir = dir;
        this.repository = repository;
        this.settings = settings;
    }

    /** A project of Java sources (class name to source) built with the Weft plugin's weave and weave-tests goals. */
    static NestedMavenProject create(Path work, Map<String, String> sources) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            files.put("src/main/java/" + e.getKey().replace('.', '/') + ".java", e.getValue());
        }
        return create(work, pom(Artifacts.required("weft.version")), files, false);
    }

    /**
     * A project of the given {@code pom.xml} and files (relative path to content), with the reactor's artifacts
     * staged in {@code work/repository}. Everything else resolves from the outer build's local repository, and,
     * with {@code centralToo}, from Maven Central where that repository lacks it (a toolchain the outer build does
     * not use on this JDK, such as another Kotlin compiler).
     */
    static NestedMavenProject create(Path work, String pom, Map<String, String> files, boolean centralToo)
            throws IOException {
        Path repository = work.resolve("repository");
        stage(repository);
        Path settings = work.resolve("settings.xml");
        String outer = Path.of(Artifacts.required("weft.localRepository")).toUri().toString();
        Files.writeString(settings, centralToo ? outerThenCentral(outer) : outerOnly(outer));
        Path dir = work.resolve("project");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), pom);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        return new NestedMavenProject(dir, repository, settings);
    }

    private static String outerOnly(String outer) {
        return """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>outer-local-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(outer);
    }

    private static String outerThenCentral(String outer) {
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>outer-local-repository-first</id>
                      <repositories><repository><id>outer</id><url>%1$s</url></repository></repositories>
                      <pluginRepositories><pluginRepository><id>outer</id><url>%1$s</url></pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>outer-local-repository-first</activeProfile></activeProfiles>
                </settings>
                """.formatted(outer);
    }

    private static void stage(Path repository) throws IOException {
        Path root = Path.of(Artifacts.required("weft.root"));
        String version = Artifacts.required("weft.version");
        copy(root.resolve("pom.xml"), repository, "weft-parent", version, "pom");
        for (String[] module : new String[][] {{"runtime", "weft-runtime"}, {"transformer", "weft-transformer"},
                {"maven-plugin", "weft-maven-plugin"}, {"javaagent", "weft-agent"}}) {
            copy(root.resolve(module[0]).resolve("pom.xml"), repository, module[1], version, "pom");
            Path jar = root.resolve(module[0]).resolve("target").resolve(module[1] + "-" + version + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: run mvn -B verify from the project root");
            }
            copy(jar, repository, module[1], version, "jar");
        }
    }

    private static void copy(Path from, Path repository, String artifact, String version, String extension) throws IOException {
        Path to = repository.resolve("dev/weft").resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + "." + extension);
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The build plugins' versions every nested pom pins (those the outer build has in its local repository). */
    static final String PINNED_PLUGINS = """
            <pluginManagement>
              <plugins>
                <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                <plugin><artifactId>maven-install-plugin</artifactId><version>3.1.2</version></plugin>
                <plugin><artifactId>maven-clean-plugin</artifactId><version>3.4.0</version></plugin>
              </plugins>
            </pluginManagement>
            """;

    private static String pom(String version) {
        return pom("woven-app", "", "", """
                <plugin>
                  <groupId>dev.weft</groupId>
                  <artifactId>weft-maven-plugin</artifactId>
                  <version>%s</version>
                  <executions>
                    <execution>
                      <goals><goal>weave</goal><goal>weave-tests</goal></goals>
                    </execution>
                  </executions>
                </plugin>
                """.formatted(version));
    }

    /**
     * A user project's pom: Java 17, UTF-8, weft-runtime and {@code dependencies}, the pinned build plugins,
     * {@code build} (such as a source directory) and {@code plugins}.
     */
    static String pom(String artifactId, String dependencies, String build, String plugins) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>%1$s</artifactId>
                  <version>1.0</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <dependencies>
                    <dependency><groupId>dev.weft</groupId><artifactId>weft-runtime</artifactId><version>%2$s</version></dependency>
                    %3$s
                  </dependencies>
                  <build>
                    %4$s
                    %5$s
                    <plugins>
                      %6$s
                    </plugins>
                  </build>
                </project>
                """.formatted(artifactId, Artifacts.required("weft.version"), dependencies.strip(), build.strip(),
                PINNED_PLUGINS.strip(), plugins.strip());
    }

    Path dir() {
        return dir;
    }

    /**
     * The jar of an artifact the nested build resolved: from its own repository (downloaded, or staged), or from the
     * outer build's.
     */
    Path resolvedJar(String groupId, String artifactId, String version) {
        for (Path repo : List.of(repository, Path.of(Artifacts.required("weft.localRepository")))) {
            Path jar = repo.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                    .resolve(artifactId + "-" + version + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException(groupId + ":" + artifactId + ":" + version + " was not resolved by the nested build");
    }

    Path classes() {
        return dir.resolve("target/classes");
    }

    JavaProcess.Result mvn(String... args) throws IOException, InterruptedException {
        Path home = Path.of(Artifacts.required("weft.maven.home"));
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(isWindows() ? "mvn.cmd" : "mvn").toString());
        command.addAll(List.of("-B", "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(args));
        String mavenOpts = ChildCoverage.mavenOpts(System.getenv("MAVEN_OPTS"));
        return JavaProcess.run(command, dir, mavenOpts == null ? Map.of() : Map.of("MAVEN_OPTS", mavenOpts), 300);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase().contains("win");
    }

    /** Every file under {@code target/classes} with its content hash and modification time. */
    Map<String, String> snapshotClasses() throws IOException {
        Map<String, String> snapshot = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes())) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                snapshot.put(classes().relativize(f).toString(), sha256(Files.readAllBytes(f)) + " @ "
                        + Files.getLastModifiedTime(f).toMillis());
            }
        }
        return snapshot;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
