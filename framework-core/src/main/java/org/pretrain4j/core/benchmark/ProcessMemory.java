package org.pretrain4j.core.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status}: native tensors live outside the Java heap, so
 * only the kernel's view shows whether a training loop leaks.
 *
 * @param residentBytes {@code VmRSS}, the resident set now; -1 where {@code /proc} is unavailable
 * @param peakResidentBytes {@code VmHWM}, the high-water mark of the resident set; -1 where unavailable
 */
public record ProcessMemory(long residentBytes, long peakResidentBytes) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /**
     * Reads the current figures.
     *
     * @return the figures, -1 for each one the platform does not report
     */
    public static ProcessMemory read() {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux (or /proc hidden): memory figures are reported as unknown rather than failing the benchmark.
            return new ProcessMemory(-1, -1);
        }
        return new ProcessMemory(rss, hwm);
    }

    /** Parses {@code "VmRSS:\t  123456 kB"}. */
    private static long kilobytes(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024L;
    }
}
