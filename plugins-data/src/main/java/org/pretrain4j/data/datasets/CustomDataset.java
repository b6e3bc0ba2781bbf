package org.pretrain4j.data.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Multi-label annotation files (our extension; mmpretrain's {@code CustomDataset} is single-label) list a
 * sample's classes separated by commas, without spaces: {@code path 0,3,7}. One such line makes the whole file
 * multi-label, and every item then carries a label set ({@code path 3} is the set {3}). The same class holds the
 * items of {@code MultiLabelDataset}.
 */
public final class CustomDataset implements Dataset {
    private final List<String> paths;
    private final int[] labels;
    private final int[][] labelSets;
    private final List<String> classes;
    private final String description;

    /**
     * The listed items before validation.
     *
     * @param type the dataset's type name, for messages
     * @param paths the image files
     * @param labels one class per item (-1 for none), or null when {@code labelSets} is given
     * @param labelSets one class set per item, or null for single-label items
     * @param classes the class names
     * @param source the folder or annotation file the items came from
     */
    record Items(String type, List<String> paths, int[] labels, int[][] labelSets, List<String> classes, Path source) {}

    /**
     * Lists the files; nothing is decoded yet.
     *
     * @param config the config
     * @throws DataException naming the folder or file (and line) when it is missing, empty or malformed
     */
    public CustomDataset(CustomDatasetConfig config) {
        this(list(config));
    }

    /**
     * Takes listed items, checking every class against the class names.
     *
     * @param items the items
     * @throws DataException if there are none or a class is outside the class names
     */
    CustomDataset(Items items) {
        if (items.paths().isEmpty()) {
            throw new DataException(items.type() + ": no images listed in " + items.source());
        }
        this.paths = List.copyOf(items.paths());
        this.labelSets = items.labelSets();
        this.labels = labelSets != null ? filled(paths.size()) : items.labels();
        this.classes = List.copyOf(items.classes());
        for (int i = 0; i < paths.size(); i++) {
            for (int c : labelSets != null ? labelSets[i] : new int[] {labels[i]}) {
                if (c >= classes.size()) {
                    throw new DataException(items.type() + ": label " + c + " of " + paths.get(i)
                            + " is outside the " + classes.size() + " classes " + classes);
                }
            }
        }
        this.description = items.type() + ": " + paths.size() + " images, " + classes.size() + " classes"
                + (labelSets != null ? ", multi-label" : "") + ", from " + items.source();
    }

    private static int[] filled(int n) {
        int[] minusOnes = new int[n];
        Arrays.fill(minusOnes, -1);
        return minusOnes;
    }

    private static Items list(CustomDatasetConfig config) {
        Path root = Path.of(config.dataRoot());
        Path folder = root.resolve(config.dataPrefix());
        List<String> files = new ArrayList<>();
        List<int[]> sets = new ArrayList<>();
        List<String> own;
        Path source;
        if (!config.annFile().isEmpty()) {
            source = root.resolve(config.annFile());
            own = readAnnotations(source, folder, config.withLabel(), files, sets);
        } else {
            source = folder;
            own = scanFolders(folder, config, files, sets);
        }
        source = source.toAbsolutePath().normalize();
        if (files.isEmpty()) {
            throw new DataException("CustomDataset: no images with extensions " + config.extensions() + " in "
                    + source);
        }
        List<String> names = config.classes().resolve(own);
        if (config.annFile().isEmpty() && config.withLabel() && names.size() != own.size()) {
            throw new DataException("CustomDataset: " + folder + " has " + own.size() + " class sub-folders " + own
                    + " but classes lists " + names.size() + " names");
        }
        // A set of size 1 stands for a single label unless some line listed several classes.
        boolean multiLabel = sets.stream().anyMatch(s -> s.length != 1);
        int[] labels = multiLabel ? null : sets.stream().mapToInt(s -> s[0]).toArray();
        return new Items("CustomDataset", files, labels, multiLabel ? sets.toArray(int[][]::new) : null, names, source);
    }

    private static List<String> scanFolders(Path folder, CustomDatasetConfig config, List<String> files,
            List<int[]> labels) {
        DataFiles.requireDirectory(folder, "CustomDataset", "point data_root (and data_prefix) at an image folder");
        if (!config.withLabel()) {
            files.addAll(listImages(folder, config.extensions()));
            files.forEach(f -> labels.add(new int[] {-1}));
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
                labels.add(new int[] {label});
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

    /**
     * Reads {@code path label} lines (just {@code path} without labels); the label may be a comma-separated class
     * list. Each item's classes go to {@code labels}: a one-element array for a single label (-1 for none).
     */
    private static List<String> readAnnotations(Path annFile, Path folder, boolean withLabel, List<String> files,
            List<int[]> labels) {
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
            int[] classes = {-1};
            if (withLabel) {
                // Split at the last space, as mmpretrain does, so file names may contain spaces.
                int space = line.lastIndexOf(' ');
                classes = space < 0 ? null : parseClasses(line.substring(space + 1));
                if (classes == null) {
                    throw new DataException(annFile + ":" + (i + 1) + ": expected 'path label' with a non-negative "
                            + "integer label, or 'path l1,l2,...' with a comma-separated class list, got '" + line
                            + "'");
                }
                file = line.substring(0, space).strip();
                maxLabel = Math.max(maxLabel, classes.length == 0 ? -1 : classes[classes.length - 1]);
            }
            files.add(folder.resolve(file).toString());
            labels.add(classes);
        }
        // Without a classes override an annotation file names no classes; numbering them keeps checkpoints readable.
        return IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
    }

    /** Parses {@code 3} or {@code 0,3,7} into ascending distinct classes; null if any part is not a class index. */
    private static int[] parseClasses(String field) {
        String[] parts = field.split(",", -1);
        int[] classes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                classes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (classes[i] < 0) {
                return null;
            }
        }
        return IntStream.of(classes).sorted().distinct().toArray();
    }

    @Override
    public int size() {
        return paths.size();
    }

    @Override
    public Sample get(int index) {
        return labelSets != null ? Sample.multiLabel(index, null, labelSets[index], paths.get(index))
                : new Sample(index, null, labels[index], paths.get(index));
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
