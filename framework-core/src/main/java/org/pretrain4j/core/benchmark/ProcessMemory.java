package org.pretrain4j.core.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
        Map<String, Long> status = status();
        return new ProcessMemory(kilobytes(status, "VmRSS"), kilobytes(status, "VmHWM"));
    }

    /**
     * The numeric fields of {@code /proc/self/status}, each the first number after its colon ({@code "VmRSS:\t 123
     * kB"} gives 123, in kB as the file counts).
     *
     * @return the fields by name; empty where {@code /proc} is unavailable (not Linux, or hidden)
     */
    static Map<String, Long> status() {
        Map<String, Long> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(STATUS)) {
                int colon = line.indexOf(':');
                String[] parts = line.substring(colon + 1).trim().split("\\s+");
                if (colon > 0 && !parts[0].isEmpty() && parts[0].chars().allMatch(Character::isDigit)) {
                    fields.put(line.substring(0, colon), Long.parseLong(parts[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Figures are reported as unknown rather than failing the measurement.
            return Map.of();
        }
        return fields;
    }

    private static long kilobytes(Map<String, Long> status, String key) {
        Long kb = status.get(key);
        return kb == null ? -1 : kb * 1024L;
    }
}
