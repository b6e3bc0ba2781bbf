package org.pretrain4j.data.datasets;

import java.nio.file.Path;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.DatasetFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.data.datasets.IdxReader.Idx;

/**
 * What {@code MNIST} and {@code FashionMNIST} share: the same IDX files and keys, differing only in name, default
 * location, class names and install hint. Subclasses are the registered factories.
 */
public abstract class MnistFactorySupport implements DatasetFactory<MnistConfig> {
    private final String name;
    private final String defaultRoot;
    private final List<String> classes;
    private final String installHint;

    /**
     * Sets the per-dataset facts.
     *
     * @param name the type name
     * @param defaultRoot the default {@code data_root}
     * @param classes the built-in class names
     * @param installHint how to get the files, quoted when {@code data_root} is missing
     */
    protected MnistFactorySupport(String name, String defaultRoot, List<String> classes, String installHint) {
        this.name = name;
        this.defaultRoot = defaultRoot;
        this.classes = List.copyOf(classes);
        this.installHint = installHint;
    }

    @Override
    public String typeName() {
        return name;
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("data_root", "string", '"' + defaultRoot + '"',
                        "Directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
                                + "t10k-labels-idx1-ubyte, each gzipped (.gz) or raw. Nothing is downloaded."),
                ParamDoc.optional("split", "string", "\"train\"", "Which part to read: train or test."),
                ClassNames.DOC);
    }

    @Override
    public Example example() {
        // The conformance test runs in pretrain4j-cli/, next to the committed subset under data/.
        return Example.of("data_root = \"../data/fashion-mnist-subset\", split = test");
    }

    @Override
    public MnistConfig parseConfig(ConfigView config) {
        return new MnistConfig(config.getString("data_root", defaultRoot),
                config.getEnum("split", "train", "train", "test"), ClassNames.parse(config));
    }

    @Override
    public Dataset create(MnistConfig config, BuildContext context) {
        Path root = DataFiles.requireDirectory(Path.of(config.dataRoot()), name, installHint);
        String prefix = config.split().equals("train") ? "train" : "t10k";
        Idx images = IdxReader.read(DataFiles.findRawOrGz(root, prefix + "-images-idx3-ubyte"), 3);
        Idx labels = IdxReader.read(DataFiles.findRawOrGz(root, prefix + "-labels-idx1-ubyte"), 1);
        if (images.dims()[0] != labels.dims()[0]) {
            throw new DataException(name + ": " + images.file() + " holds " + images.dims()[0] + " images but "
                    + labels.file() + " holds " + labels.dims()[0] + " labels");
        }
        int[] ints = new int[labels.data().length];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = labels.data()[i] & 0xff;
        }
        String description = name + " " + config.split() + ": " + ints.length + " images " + images.dims()[1] + "x"
                + images.dims()[2] + " from " + root.toAbsolutePath().normalize();
        return new ArrayDataset(images.data(), ints, images.dims()[1], images.dims()[2], 1,
                config.classes().resolve(classes), description + " (labels " + labels.file().getFileName() + ")");
    }
}
