package dev.weft.it.validation;

import dev.weft.transformer.testing.InMemoryCompiler;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code --release} levels fixtures are compiled at: 8, 11 and 17, plus 21 and 25 when the tests run on a
 * JDK that has them (.ci/run runs this module a second time on JDK 25).
 */
final class Releases {
    private static final List<Integer> ALL = List.of(8, 11, 17, 21, 25);

    private Releases() {
    }

    static List<Integer> available() {
        int running = InMemoryCompiler.runningRelease();
        return ALL.stream().filter(r -> r <= running).collect(Collectors.toList());
    }
}
