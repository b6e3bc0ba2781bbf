package org.pretrain4j.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.pretrain4j.api.DataException;

/** File helpers shared by the datasets: existence checks with install hints, whole-file reads, class-name files. */
final class DataFiles {
    private DataFiles() {}

    /**
     * Checks that a dataset directory exists.
     *
     * @param dir the directory
     * @param dataset the dataset's type name, for the message
     * @param hint how to get the files (e.g. the Debian package), appended to the message
     * @return the directory
     * @throws DataException naming the path and the hint
     */
    static Path requireDirectory(Path dir, String dataset, String hint) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dataset + ": data_root " + dir.toAbsolutePath().normalize()
                    + (Files.exists(dir) ? " is not a directory" : " does not exist") + "; " + hint);
        }
        return dir;
    }

    /**
     * Reads a whole file, decompressing it if its name ends with {@code .gz}.
     *
     * @param file the file
     * @return its (decompressed) bytes
     * @throws DataException naming the file if it cannot be read or is not valid gzip
     */
    static byte[] readAll(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            if (!file.getFileName().toString().endsWith(".gz")) {
                return raw.readAllBytes();
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            // A truncated .gz ends in EOFException here: name the file rather than surfacing the bare stream error.
            throw new DataException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Finds a file given by name, accepting it gzipped ({@code name.gz}) or raw ({@code name}); gzip wins when both
     * are present because that is how the files are distributed.
     *
     * @param dir the directory
     * @param name the raw file name
     * @return the path found
     * @throws DataException listing both names when neither exists
     */
    static Path findRawOrGz(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DataException("missing " + gz + " (or " + raw + ")");
    }

    /**
     * Reads a class-name file: one name per line, blank lines skipped, surrounding spaces trimmed (as mmengine's
     * {@code list_from_file} plus mmpretrain's handling of the {@code classes} key).
     *
     * @param file the file
     * @return the names
     * @throws DataException naming the file if it cannot be read or holds no names
     */
    static List<String> readLines(Path file) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot read class names from " + file + ": " + e, e);
        }
        if (names.isEmpty()) {
            throw new DataException("no class names in " + file);
        }
        return List.copyOf(names);
    }
}
