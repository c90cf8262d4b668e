package dev.weft.bench.net;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system, in seconds) of a process: this one through the JVM's management bean, another one by
 * pid from Linux's {@code /proc/PID/stat} (fields 14 and 15, in clock ticks of 1/100 s, the USER_HZ of every
 * Linux build this runs on). {@link #known()} is false when there is nothing to read (no pid, not Linux).
 *
 * <p>Invariants: immutable; {@link #seconds()} reads afresh at every call, NaN when unknown.
 */
abstract class CpuTime {
    private static final double TICKS_PER_SECOND = 100;

    abstract double seconds();

    boolean known() {
        return !Double.isNaN(seconds());
    }

    static CpuTime self() {
        return new CpuTime() {
            @Override
            double seconds() {
                java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
                if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                    return sun.getProcessCpuTime() / 1e9;
                }
                return Double.NaN;
            }
        };
    }

    static CpuTime of(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        return new CpuTime() {
            @Override
            double seconds() {
                if (pid <= 0) {
                    return Double.NaN;
                }
                try {
                    String s = Files.readString(stat);
                    // the command name (field 2) is in parentheses and may hold spaces: count from its end
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    // f[0] is field 3 (state): utime is field 14, stime field 15
                    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                } catch (IOException | RuntimeException e) {
                    return Double.NaN;
                }
            }
        };
    }
}
