package org.pretrain4j.data.datasets;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.DatasetFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;

/**
 * What {@code CIFAR10} and {@code CIFAR100} share: the binary record layout (label bytes, then 1024 red, 1024 green
 * and 1024 blue bytes of a 32x32 image). Images come out HWC in RGB order, so CIFAR configs keep {@code to_rgb =
 * false} in the data preprocessor, as mmpretrain's do.
 */
public abstract class CifarFactorySupport implements DatasetFactory<CifarConfig> {
    /** Pixel bytes per record: three 32x32 planes. */
    static final int PIXELS = 3 * 32 * 32;

    private final String name;
    private final String defaultRoot;
    private final String subDirectory;
    private final int labelBytes;
    private final List<String> trainFiles;
    private final String testFile;
    private final String namesFile;
    private final List<String> classes;

    /**
     * Sets the per-dataset facts.
     *
     * @param name the type name
     * @param defaultRoot the default {@code data_root}
     * @param subDirectory the directory the archive unpacks to, looked for under {@code data_root}
     * @param labelBytes label bytes before each image (the last one is the label used)
     * @param trainFiles the training batch files
     * @param testFile the test batch file
     * @param namesFile the class-name file shipped with the batches, read when present
     * @param classes the built-in class names
     */
    protected CifarFactorySupport(String name, String defaultRoot, String subDirectory, int labelBytes,
            List<String> trainFiles, String testFile, String namesFile, List<String> classes) {
        this.name = name;
        this.defaultRoot = defaultRoot;
        this.subDirectory = subDirectory;
        this.labelBytes = labelBytes;
        this.trainFiles = List.copyOf(trainFiles);
        this.testFile = testFile;
        this.namesFile = namesFile;
        this.classes = List.copyOf(classes);
    }

    @Override
    public String typeName() {
        return name;
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("data_root", "string", '"' + defaultRoot + '"',
                        "Directory with the binary batches (" + String.join(", ", trainFiles) + ", " + testFile
                                + "), directly or in " + subDirectory + "/. Nothing is downloaded."),
                ParamDoc.optional("split", "string", "\"train\"", "Which part to read: train or test."),
                ClassNames.DOC);
    }

    @Override
    public Example example() {
        // A synthetic fixture in the real binary format, committed under data/; the conformance test runs in
        // pretrain4j-cli/.
        return Example.of("data_root = \"../data/" + name.toLowerCase(java.util.Locale.ROOT) + "-tiny\"");
    }

    @Override
    public CifarConfig parseConfig(ConfigView config) {
        return new CifarConfig(config.getString("data_root", defaultRoot),
                config.getEnum("split", "train", "train", "test"), ClassNames.parse(config));
    }

    @Override
    public Dataset create(CifarConfig config, BuildContext context) {
        Path root = DataFiles.requireDirectory(Path.of(config.dataRoot()), name, "download the binary version of "
                + name + " (" + subDirectory + ") by hand and unpack it there, or set data_root");
        Path dir = Files.isDirectory(root.resolve(subDirectory)) ? root.resolve(subDirectory) : root;
        List<String> files = config.split().equals("train") ? trainFiles : List.of(testFile);
        int record = labelBytes + PIXELS;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String file : files) {
            Path path = dir.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new DataException(name + ": missing " + path + " (expected the binary version: "
                        + String.join(", ", trainFiles) + ", " + testFile + ")");
            }
            byte[] bytes = DataFiles.readAll(path);
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new DataException(path + ": size " + bytes.length + " is not a positive multiple of the "
                        + record + "-byte " + name + " record (" + labelBytes + " label byte(s) + " + PIXELS
                        + " pixels); the file is truncated or not " + name + " binary data");
            }
            all.writeBytes(bytes);
        }
        byte[] raw = all.toByteArray();
        int n = raw.length / record;
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        int plane = PIXELS / 3;
        for (int i = 0; i < n; i++) {
            int base = i * record;
            labels[i] = raw[base + labelBytes - 1] & 0xff;
            int src = base + labelBytes;
            int dst = i * PIXELS;
            // Planes R, G, B in the file; HWC with RGB order in memory.
            for (int p = 0; p < plane; p++) {
                pixels[dst + 3 * p] = raw[src + p];
                pixels[dst + 3 * p + 1] = raw[src + plane + p];
                pixels[dst + 3 * p + 2] = raw[src + 2 * plane + p];
            }
        }
        Path names = dir.resolve(namesFile);
        List<String> own = Files.isRegularFile(names) ? DataFiles.readLines(names) : classes;
        return new ArrayDataset(pixels, labels, 32, 32, 3, config.classes().resolve(own),
                name + " " + config.split() + ": " + n + " images 32x32 RGB from " + dir.toAbsolutePath().normalize());
    }
}
