package dev.weft.io;

import java.nio.charset.StandardCharsets;

/**
 * What {@link Subprocess#communicate(byte[])} returns: everything the process wrote to its stdout and stderr, and
 * its exit code (asyncio's {@code communicate} returns the two outputs; the exit code is then its
 * {@code returncode}).
 *
 * <p>Invariants: immutable; the arrays handed out are copies, so a caller cannot change what another sees.
 */
public final class ProcessResult {
    private final byte[] stdout;
    private final byte[] stderr;
    private final int exitCode;

    ProcessResult(byte[] stdout, byte[] stderr, int exitCode) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitCode = exitCode;
    }

    /** The bytes of the process's stdout (empty if the builder redirected it). */
    public byte[] stdout() {
        return stdout.clone();
    }

    /** The bytes of the process's stderr (empty if the builder redirected it). */
    public byte[] stderr() {
        return stderr.clone();
    }

    /** The stdout decoded as UTF-8. */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** The stderr decoded as UTF-8. */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** The exit code: 0 for success; 128 + n for a process killed by signal n (143 for SIGTERM, 137 for SIGKILL). */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public String toString() {
        return "ProcessResult[exit " + exitCode + ", " + stdout.length + " bytes of stdout, " + stderr.length
                + " bytes of stderr]";
    }
}
