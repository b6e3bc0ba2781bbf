package org.pretrain4j.core.runner;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's written record: human-readable lines to SLF4J and to {@code <work_dir>/<timestamp>.log}, and one JSON
 * object per logging interval or validation to {@code <work_dir>/metrics.jsonl}. Both files are appended to, so a
 * resumed run continues them.
 */
final class RunLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("pretrain4j");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final BufferedWriter text;
    private final BufferedWriter jsonl;
    private final Path logFile;

    RunLog(Path workDir) {
        try {
            Files.createDirectories(workDir);
            logFile = workDir.resolve(LocalDateTime.now().format(STAMP) + ".log");
            text = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            jsonl = Files.newBufferedWriter(workDir.resolve("metrics.jsonl"), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write logs into " + workDir, e);
        }
    }

    Path logFile() {
        return logFile;
    }

    void info(String message) {
        LOG.info(message);
        write(text, LocalDateTime.now().format(TIME) + " - " + message);
    }

    void warn(String message) {
        LOG.warn(message);
        write(text, LocalDateTime.now().format(TIME) + " - WARNING - " + message);
    }

    /** Appends one JSON object: string values quoted, numbers as written. */
    void record(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(k).append("\": ");
            if (v instanceof Number n) {
                double d = n.doubleValue();
                sb.append(Double.isFinite(d) ? (n instanceof Double || n instanceof Float
                        ? String.format(Locale.ROOT, "%.6g", d) : n.toString()) : "null");
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        });
        write(jsonl, sb.append('}').toString());
    }

    private static void write(BufferedWriter w, String line) {
        try {
            w.write(line);
            w.newLine();
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            text.close();
            jsonl.close();
        } catch (IOException e) {
            LOG.warn("closing the run logs failed: {}", e.toString());
        }
    }
}
