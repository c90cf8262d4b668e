package dev.weft.it.fuzz;

/**
 * The two spellings of one program, which differ only in their package and import lines. A program is
 * written (and saved) in the {@link #WOVEN} spelling, against the real runtime; {@link #REFERENCE} swaps
 * those lines for {@link RefRuntime}'s stand-ins, where {@code await} completes synchronously.
 */
enum Variant {
    WOVEN("fzw", ""
            + "import dev.weft.Async;\n"
            + "import dev.weft.Coroutine;\n"
            + "import dev.weft.Promise;\n"
            + "import dev.weft.Weft;\n"
            + "import static dev.weft.Weft.await;\n"),
    REFERENCE("fzr", ""
            + "import dev.weft.it.fuzz.RefRuntime.Async;\n"
            + "import dev.weft.it.fuzz.RefRuntime.Coroutine;\n"
            + "import dev.weft.it.fuzz.RefRuntime.Promise;\n"
            + "import dev.weft.it.fuzz.RefRuntime.Weft;\n"
            + "import static dev.weft.it.fuzz.RefRuntime.Weft.await;\n");

    /** The package of the generated class in this spelling. */
    final String pkg;
    private final String imports;

    Variant(String pkg, String imports) {
        this.pkg = pkg;
        this.imports = imports;
    }

    /** The binary name of the program's main class. */
    String className() {
        return pkg + ".P";
    }

    private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile("^// release: (\\d+)$", java.util.regex.Pattern.MULTILINE);

    /** The first lines of a program, in the woven spelling. */
    static String header(long seed, int release) {
        return "// weft differential fuzz, seed " + seed + "\n"
                + "// release: " + release + "\n"
                + "package " + WOVEN.pkg + ";\n\n"
                + WOVEN.imports
                + "import java.time.Duration;\n"
                + "import java.util.Arrays;\n"
                + "import java.util.concurrent.CompletableFuture;\n\n";
    }

    /** The {@code --release} a program is compiled at: its {@code // release: N} line, else 17. */
    static int release(String source) {
        java.util.regex.Matcher m = RELEASE.matcher(source);
        return m.find() ? Integer.parseInt(m.group(1)) : 17;
    }

    /** The program in this spelling, from its woven spelling. */
    String spell(String wovenSource) {
        String packageLine = "package " + WOVEN.pkg + ";\n";
        if (!wovenSource.contains(packageLine) || !wovenSource.contains(WOVEN.imports)) {
            throw new IllegalArgumentException("not a program in the woven spelling: it lacks the package or import lines");
        }
        return wovenSource.replace(packageLine, "package " + pkg + ";\n").replace(WOVEN.imports, imports);
    }
}
