package org.pretrain4j.data.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Sample;

/**
 * Image files listed from an ImageFolder layout ({@code <class>/<file>}, sorted sub-folder names are the classes)
 * or from an annotation file of {@code path label} lines, as mmpretrain's {@code CustomDataset}. Items carry only
 * their path; the {@code LoadImageFromFile} transform decodes them in the loader threads.
 */
public final class CustomDataset implements Dataset {
    private final List<String> paths;
    private final int[] labels;
    private final List<String> classes;
    private final String description;

    /**
     * Lists the files; nothing is decoded yet.
     *
     * @param config the config
     * @throws DataException naming the folder or file when it is missing, empty or malformed
     */
    public CustomDataset(CustomDatasetConfig config) {
        Path root = Path.of(config.dataRoot());
        Path folder = root.resolve(config.dataPrefix());
        List<String> files = new ArrayList<>();
        List<Integer> ints = new ArrayList<>();
        List<String> own;
        if (!config.annFile().isEmpty()) {
            own = readAnnotations(root.resolve(config.annFile()), folder, config.withLabel(), files, ints);
        } else {
            own = scanFolders(folder, config, files, ints);
        }
        if (files.isEmpty()) {
            throw new DataException("CustomDataset: no images with extensions " + config.extensions() + " in "
                    + (config.annFile().isEmpty() ? folder.toAbsolutePath().normalize() : root.resolve(config.annFile())));
        }
        List<String> names = config.classes().resolve(own);
        if (config.annFile().isEmpty() && config.withLabel() && names.size() != own.size()) {
            throw new DataException("CustomDataset: " + folder + " has " + own.size() + " class sub-folders " + own
                    + " but classes lists " + names.size() + " names");
        }
        this.paths = List.copyOf(files);
        this.labels = ints.stream().mapToInt(Integer::intValue).toArray();
        this.classes = List.copyOf(names);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes.size()) {
                throw new DataException("CustomDataset: label " + labels[i] + " of " + paths.get(i)
                        + " is outside the " + classes.size() + " classes " + classes);
            }
        }
        this.description = "CustomDataset: " + paths.size() + " images, " + classes.size() + " classes, from "
                + (config.annFile().isEmpty() ? folder : root.resolve(config.annFile())).toAbsolutePath().normalize();
    }

    private static List<String> scanFolders(Path folder, CustomDatasetConfig config, List<String> files,
            List<Integer> labels) {
        DataFiles.requireDirectory(folder, "CustomDataset", "point data_root (and data_prefix) at an image folder");
        if (!config.withLabel()) {
            files.addAll(listImages(folder, config.extensions()));
            files.forEach(f -> labels.add(-1));
            return List.of();
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(folder)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException("cannot list " + folder + ": " + e, e);
        }
        List<String> names = new ArrayList<>();
        for (Path dir : classDirs) {
            // Every sub-folder is a class, even an empty one, so indices match mmpretrain's find_folders.
            int label = names.size();
            names.add(dir.getFileName().toString());
            for (String f : listImages(dir, config.extensions())) {
                files.add(f);
                labels.add(label);
            }
        }
        return names;
    }

    private static List<String> listImages(Path dir, List<String> extensions) {
        List<String> lower = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> lower.stream().anyMatch(p.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
                    .sorted().map(Path::toString).collect(Collectors.toList());
        } catch (IOException e) {
            throw new DataException("cannot list " + dir + ": " + e, e);
        }
    }

    private static List<String> readAnnotations(Path annFile, Path folder, boolean withLabel, List<String> files,
            List<Integer> labels) {
        List<String> lines;
        try {
            lines = Files.readAllLines(annFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException("CustomDataset: cannot read ann_file " + annFile.toAbsolutePath().normalize()
                    + ": " + e, e);
        }
        int maxLabel = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String file = line;
            int label = -1;
            if (withLabel) {
                // Split at the last space, as mmpretrain does, so file names may contain spaces.
                int space = line.lastIndexOf(' ');
                try {
                    label = space < 0 ? -1 : Integer.parseInt(line.substring(space + 1));
                } catch (NumberFormatException e) {
                    label = -1;
                }
                if (label < 0) {
                    throw new DataException(annFile + ":" + (i + 1) + ": expected 'path label' with a non-negative "
                            + "integer label, got '" + line + "'");
                }
                file = line.substring(0, space).strip();
                maxLabel = Math.max(maxLabel, label);
            }
            files.add(folder.resolve(file).toString());
            labels.add(label);
        }
        // Without a classes override an annotation file names no classes; numbering them keeps checkpoints readable.
        return IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
    }

    @Override
    public int size() {
        return paths.size();
    }

    @Override
    public Sample get(int index) {
        return new Sample(index, null, labels[index], paths.get(index));
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String describe() {
        return description;
    }
}
