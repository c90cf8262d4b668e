package dev.weft.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mojos' logging contract, with the parameters Maven would inject set by reflection. */
class WeaveMojoTest {
    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    @Test
    void skipLogsOneInfoLineForEitherGoal() throws Exception {
        TestClassFiles.write(dir, "p/Misuse", TestClassFiles.awaitWithoutAsync("p/Misuse"));
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        for (AbstractWeaveMojo mojo : List.of(mojo(new WeaveMojo(), "classesDirectory", true),
                mojo(new WeaveTestsMojo(), "testClassesDirectory", true))) {
            mojo.execute();
        }

        assertEquals(List.of("INFO Weft: weaving skipped (weft.skip=true)", "INFO Weft: weaving skipped (weft.skip=true)"),
                log.lines);
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void oneInfoSummaryLine() throws Exception {
        TestClassFiles.write(dir, "p/A", TestClassFiles.plain("p/A"));
        TestClassFiles.write(dir, "p/B", TestClassFiles.plain("p/B"));

        mojo(new WeaveTestsMojo(), "testClassesDirectory", false).execute();

        List<String> info = log.at("INFO");
        assertEquals(1, info.size(), log.lines::toString);
        assertTrue(info.get(0).matches("Weft: wove 0 methods in 0 classes \\(2 classes scanned\\) in \\d+ ms"), info::toString);
        assertEquals(List.of(), log.at("ERROR"));
    }

    @Test
    void missingDirectoryLogsTheSummaryAndDebug() throws Exception {
        dir = dir.resolve("absent");

        mojo(new WeaveMojo(), "classesDirectory", false).execute();

        List<String> info = log.at("INFO");
        assertEquals(1, info.size(), log.lines::toString);
        assertTrue(info.get(0).startsWith("Weft: wove 0 methods in 0 classes (0 classes scanned) in "), info::toString);
        assertTrue(log.at("DEBUG").stream().anyMatch(l -> l.contains("does not exist")), log.lines::toString);
    }

    /** Needs the real transformer: its refusal becomes ERROR lines and a MojoFailureException. */
    @Test
    void refusedClassesAreLoggedAsErrorsAndFailTheBuild() throws Exception {
        TestClassFiles.write(dir, "p/Fine", TestClassFiles.plain("p/Fine"));
        TestClassFiles.write(dir, "p/Misuse", TestClassFiles.awaitWithoutAsync("p/Misuse"));
        DirectorySnapshot.agePast(dir);
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> mojo(new WeaveMojo(), "classesDirectory", false).execute());

        List<String> errors = log.at("ERROR");
        assertTrue(!errors.isEmpty() && errors.stream().allMatch(l -> l.startsWith("Misuse.java:")), log.lines::toString);
        assertTrue(e.getMessage().matches("Weft: \\d+ weaving problems? in 1 class; nothing was written to .*"), e::getMessage);
        assertEquals(List.of(), log.at("INFO"));
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    private AbstractWeaveMojo mojo(AbstractWeaveMojo mojo, String directoryField, boolean skip) throws Exception {
        set(mojo.getClass().getDeclaredField(directoryField), mojo, dir.toFile());
        set(AbstractWeaveMojo.class.getDeclaredField("skip"), mojo, skip);
        mojo.setLog(log);
        return mojo;
    }

    private static void set(Field field, Object target, Object value) throws IllegalAccessException {
        field.setAccessible(true);
        field.set(target, value);
    }
}
