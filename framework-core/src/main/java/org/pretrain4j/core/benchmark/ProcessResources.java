package org.pretrain4j.core.benchmark;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a long run could leak, as the kernel counts it: resident memory ({@code VmRSS}), open file descriptors (the
 * entries of {@code /proc/self/fd}) and threads ({@code Threads} of {@code /proc/self/status}, which includes
 * libtorch's and the JVM's own), plus the JVM's live Java threads and its direct buffers (native memory that only a
 * garbage collection frees, so a pile of dead ones reads as resident growth).
 *
 * @param residentBytes resident set in bytes; -1 where {@code /proc} is unavailable
 * @param openFiles open file descriptors; -1 where unavailable
 * @param threads the process's threads; -1 where unavailable
 * @param javaThreads live Java threads, daemon or not
 * @param directBytes bytes held by the JVM's direct buffers, live or awaiting collection
 */
public record ProcessResources(long residentBytes, int openFiles, int threads, int javaThreads, long directBytes) {
    private static final Path FDS = Path.of("/proc/self/fd");

    /**
     * Reads the current figures.
     *
     * @return the figures, -1 for each one the platform does not report
     */
    public static ProcessResources read() {
        long rss = ProcessMemory.read().residentBytes();
        Long threads = ProcessMemory.status().get("Threads");
        return new ProcessResources(rss, countOpenFiles(), threads == null ? -1 : threads.intValue(),
                ManagementFactory.getThreadMXBean().getThreadCount(), directBufferBytes());
    }

    private static long directBufferBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> "direct".equals(pool.getName())).mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }

    /** Counts {@code /proc/self/fd}; the listing's own descriptor is among them, the same in every reading. */
    private static int countOpenFiles() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * One line for a log: {@code rss 412.3 MiB, open files 37, threads 29 (java 17), direct buffers 0.1 MiB}.
     *
     * @return the figures
     */
    public String describe() {
        return String.format(Locale.ROOT, "rss %.1f MiB, open files %d, threads %d (java %d), direct buffers %.1f MiB",
                residentBytes / 1048576.0, openFiles, threads, javaThreads, directBytes / 1048576.0);
    }
}
