package dev.weft.it.validation;

import dev.weft.transformer.testing.InMemoryCompiler;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The compilers and {@code --release} levels fixtures are compiled with: javac at 8, 11 and 17 (plus 21 and
 * 25 when the tests run on a JDK that has them; .ci/run runs this module a second time on JDK 25), and the
 * Eclipse compiler ecj at 8, 11 and 17.
 */
record Compilers(String name, int release, BiFunction<Integer, Map<String, String>, Map<String, byte[]>> compile) {
    private static final List<Integer> JAVAC_RELEASES = List.of(8, 11, 17, 21, 25);
    private static final List<Integer> ECJ_RELEASES = List.of(8, 11, 17);

    static List<Compilers> available() {
        int running = InMemoryCompiler.runningRelease();
        List<Compilers> all = new ArrayList<>();
        for (int r : JAVAC_RELEASES) {
            if (r <= running) {
                all.add(new Compilers("javac --release " + r, r, InMemoryCompiler::compile));
            }
        }
        for (int r : ECJ_RELEASES) {
            all.add(new Compilers("ecj --release " + r, r, (release, sources) ->
                    InMemoryCompiler.compile(new EclipseCompiler(), List.of(), release, sources)));
        }
        return all;
    }

    boolean isEcj() {
        return name.startsWith("ecj");
    }

    Map<String, byte[]> compile(Map<String, String> sources) {
        return compile.apply(release, sources);
    }
}
