package org.pretrain4j.data.datasets;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.DatasetFactory;

/**
 * Factory of the MNIST digits dataset, registered as {@value #NAME}. Debian packages no MNIST, so the default
 * {@code data_root} is mmpretrain's config location {@code data/mnist}.
 */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(DatasetFactory.class)
public final class MNISTFactory extends MnistFactorySupport {
    /** The type name configs use. */
    public static final String NAME = "MNIST";
    /** The default location, as in mmpretrain's {@code configs/_base_/datasets} (no Debian package exists). */
    public static final String DEFAULT_ROOT = "data/mnist";
    /** The class names, in label order, as mmpretrain spells them. */
    public static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    /** Creates the factory; it holds no state. */
    public MNISTFactory() {
        super(NAME, DEFAULT_ROOT, CLASSES, "put the four MNIST IDX files (train-images-idx3-ubyte.gz, ...) there, "
                + "or set data_root (Debian packages only Fashion-MNIST: apt-get install dataset-fashion-mnist)");
    }

    @Override
    public String summary() {
        return "MNIST handwritten digits from IDX files (gzipped or raw): 28x28 grey images, 10 classes.";
    }
}
