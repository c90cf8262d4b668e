/**
 * Differential fuzzing of the weaver: random but valid and terminating programs, each run woven (real
 * {@code Weaver}, CheckClassAdapter, {@code Weft.run}) and against a synchronous reference, must leave the
 * same trace of effects.
 *
 * <ul>
 *   <li><b>Generator</b> ({@link dev.weft.it.fuzz.ProgramGenerator}, with {@link dev.weft.it.fuzz.Statements},
 *       {@link dev.weft.it.fuzz.AbruptStatements}, {@link dev.weft.it.fuzz.Expressions},
 *       {@link dev.weft.it.fuzz.TypeSpecificExpressions}, {@link dev.weft.it.fuzz.Switches},
 *       {@link dev.weft.it.fuzz.TryStatements}): from a seed, a class {@code P} with a few {@code @Async} methods
 *       (in P, a nested class, an inner class or an interface) at {@code --release} 8, 11 or 17, awaiting
 *       things that complete at once, suspend through the loop, complete on another thread, or fail. Every
 *       effect goes to a trace; every method dumps its locals before it returns.</li>
 *   <li><b>Oracle</b> ({@link dev.weft.it.fuzz.DifferentialOracle}): the program is written once; its two
 *       spellings ({@link dev.weft.it.fuzz.Variant}) differ only in the package and import lines, the
 *       reference importing {@link dev.weft.it.fuzz.RefRuntime}, where {@code await} returns at once. When the
 *       traces agree, up to four of the program's suspension points get, in turn, a real cancellation of the
 *       suspended task and a failure of what it awaits ({@link dev.weft.it.fuzz.Injection}); the reference
 *       throws the same exception at that await, and the traces must agree again, with nothing left
 *       pending.</li>
 *   <li><b>Shrinker</b> ({@link dev.weft.it.fuzz.Shrinker}): deletes and simplifies while the failure keeps
 *       its {@linkplain dev.weft.it.fuzz.Verdict#signature() signature}, within a time budget.</li>
 *   <li><b>Tests</b>: {@link dev.weft.it.fuzz.DifferentialFuzzTest} (a fixed set of seeds, in
 *       {@code mvn verify}) and {@link dev.weft.it.fuzz.FuzzRegressionTest} (the saved reproducers under
 *       {@code src/test/resources/fuzz-regressions}, see {@link dev.weft.it.fuzz.Regressions}).</li>
 * </ul>
 *
 * <p>The long run ({@link dev.weft.it.fuzz.FuzzMain}), from the repository root, after
 * {@code mvn -B -q install -DskipTests -pl runtime,transformer,maven-plugin -am}:
 * <pre>
 * mvn -B -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.weft.it.fuzz.FuzzMain -Dexec.args="--minutes 30 --seed 1"
 * </pre>
 * or outside Maven's JVM:
 * <pre>
 * mvn -B -q -pl integration-tests test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test
 * java -cp "integration-tests/target/test-classes:$(cat integration-tests/target/fuzz.classpath)" \
 *     dev.weft.it.fuzz.FuzzMain --minutes 30 --seed 1
 * </pre>
 * A failing program is reproduced with {@code --seed S --count 1}, and a saved one is rerun with
 * {@code --check FILE}.
 */
package dev.weft.it.fuzz;
