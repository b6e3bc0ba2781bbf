package org.pretrain4j.data.datasets;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.DatasetFactory;

/** Factory of the Fashion-MNIST dataset, registered as {@value #NAME}: 28x28 grey images of 10 clothing classes. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(DatasetFactory.class)
public final class FashionMNISTFactory extends MnistFactorySupport {
    /** The type name configs use. */
    public static final String NAME = "FashionMNIST";
    /** Where Debian's package {@code dataset-fashion-mnist} installs the files. */
    public static final String DEFAULT_ROOT = "/usr/share/datasets/fashion-mnist";
    /** The class names, in label order, as mmpretrain spells them. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Creates the factory; it holds no state. */
    public FashionMNISTFactory() {
        super(NAME, DEFAULT_ROOT, CLASSES, "install Debian's package dataset-fashion-mnist "
                + "(apt-get install dataset-fashion-mnist), or set data_root");
    }

    @Override
    public String summary() {
        return "Fashion-MNIST from IDX files (gzipped or raw): 60000 train / 10000 test 28x28 grey images, 10 classes.";
    }
}
