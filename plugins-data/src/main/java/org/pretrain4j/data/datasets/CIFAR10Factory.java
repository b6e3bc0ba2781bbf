package org.pretrain4j.data.datasets;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.DatasetFactory;

/** Factory of the CIFAR-10 dataset (binary version), registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(DatasetFactory.class)
public final class CIFAR10Factory extends CifarFactorySupport {
    /** The type name configs use. */
    public static final String NAME = "CIFAR10";
    /** The class names, in label order. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    /** Creates the factory; it holds no state. */
    public CIFAR10Factory() {
        super(NAME, "data/cifar10", "cifar-10-batches-bin", 1,
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin"),
                "test_batch.bin", "batches.meta.txt", CLASSES);
    }

    @Override
    public String summary() {
        return "CIFAR-10 from its binary batches: 50000 train / 10000 test 32x32 RGB images, 10 classes.";
    }
}
