package dev.weft.it.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One validation fixture: a Java source file under {@code src/test/resources/fixtures}, in package
 * {@code fx}, whose public class has {@code public static Object run()}. Its header says what {@code run()}
 * must return (compared with {@code String.valueOf}) and from which {@code --release} it compiles:
 * <pre>
 *   // expect: 11
 *   // since: 16
 *   // javac-only: why ecj cannot compile it correctly
 * </pre>
 */
record Fixture(String name, String source, String expected, int since, boolean javacOnly) {
    private static final Pattern EXPECT = Pattern.compile("^// expect: (.*)$", Pattern.MULTILINE);
    private static final Pattern SINCE = Pattern.compile("^// since: (\\d+)$", Pattern.MULTILINE);
    /** {@code // javac-only: why} — a fixture ecj miscompiles (its output does not verify even unwoven). */
    private static final Pattern JAVAC_ONLY = Pattern.compile("^// javac-only: .+$", Pattern.MULTILINE);

    String className() {
        return "fx." + name;
    }

    static Fixture load(String name) {
        String path = "/fixtures/" + name + ".java";
        try (InputStream in = Fixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher expect = EXPECT.matcher(source);
            if (!expect.find()) {
                throw new IllegalArgumentException("fixture " + name + " has no '// expect:' line");
            }
            Matcher since = SINCE.matcher(source);
            return new Fixture(name, source, expect.group(1), since.find() ? Integer.parseInt(since.group(1)) : 8,
                    JAVAC_ONLY.matcher(source).find());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fixture, from the index file {@code fixtures/INDEX} (one name per line). */
    static List<Fixture> all() {
        List<Fixture> fixtures = new ArrayList<>();
        try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/INDEX")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    fixtures.add(load(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fixtures;
    }
}
