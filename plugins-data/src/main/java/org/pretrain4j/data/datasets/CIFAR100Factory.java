package org.pretrain4j.data.datasets;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.DatasetFactory;

/** Factory of the CIFAR-100 dataset (binary version, fine labels), registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(DatasetFactory.class)
public final class CIFAR100Factory extends CifarFactorySupport {
    /** The type name configs use. */
    public static final String NAME = "CIFAR100";
    /** The 100 fine class names, in label order (alphabetical, as the dataset ships them). */
    public static final List<String> CLASSES = List.of(
            "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
            "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
            "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
            "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
            "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle",
            "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear",
            "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray",
            "road", "rocket", "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake",
            "spider", "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone",
            "television", "tiger", "tractor", "train", "trout", "tulip", "turtle", "wardrobe", "whale",
            "willow_tree", "wolf", "woman", "worm");

    /** Creates the factory; it holds no state. */
    public CIFAR100Factory() {
        // Two label bytes per record (coarse, fine); the fine one is used, as in mmpretrain.
        super(NAME, "data/cifar100", "cifar-100-binary", 2, List.of("train.bin"), "test.bin",
                "fine_label_names.txt", CLASSES);
    }

    @Override
    public String summary() {
        return "CIFAR-100 from its binary files, fine labels: 50000 train / 10000 test 32x32 RGB images, 100 classes.";
    }
}
