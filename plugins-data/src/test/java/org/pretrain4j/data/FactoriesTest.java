package org.pretrain4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.DatasetFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/** A local conformance check over this module's factories, found the way the registry finds them. */
final class FactoriesTest {
    private static List<ComponentFactory<?, ?>> factories() {
        List<ComponentFactory<?, ?>> all = new ArrayList<>();
        ServiceLoader.load(DatasetFactory.class).forEach(all::add);
        ServiceLoader.load(TransformFactory.class).forEach(all::add);
        return all;
    }

    @Test
    void serviceLoaderFindsEveryComponent() {
        Set<String> names = factories().stream().map(ComponentFactory::typeName).collect(Collectors.toSet());
        assertEquals(Set.of("FashionMNIST", "MNIST", "CIFAR10", "CIFAR100", "CustomDataset", "MultiLabelDataset",
                "LoadImageFromFile",
                "PackInputs", "RandomCrop", "RandomFlip", "RandomResizedCrop", "ResizeEdge", "CenterCrop",
                "ColorJitter", "RandomErasing", "MultiView", "RandomApply", "RandomGrayscale", "GaussianBlur",
                "Solarize", "RandomResizedCropAndInterpolationWithTwoPic", "BEiTMaskGenerator", "SimMIMMaskGenerator"), names);
    }

    @Test
    void keysReadAreTheKeysDocumented() {
        for (ComponentFactory<?, ?> factory : factories()) {
            ConfigView view = ConfigView.parse(factory.example().config());
            factory.parseConfig(view);
            Set<String> documented =
                    factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(documented, new TreeSet<>(view.readKeys()), factory.typeName());
            assertTrue(view.unreadKeys().isEmpty(), factory.typeName());
            assertTrue(factory.parameters().stream().noneMatch(p -> p.description().isBlank()));
            assertFalse(factory.summary().isBlank());
        }
    }

    @Test
    void examplesBuildAndRun() {
        Image image = new Image(40, 30, 3, new byte[40 * 30 * 3]);
        for (ComponentFactory<?, ?> factory : factories()) {
            Object component = create(factory);
            assertNotNull(component, factory.typeName());
            if (component instanceof Dataset dataset) {
                assertTrue(dataset.size() > 0, factory.typeName());
                assertNotNull(dataset.get(dataset.size() - 1));
                assertFalse(dataset.classes().isEmpty(), factory.typeName());
            } else if (!factory.typeName().equals("LoadImageFromFile")) {
                Sample out = ((Transform) component).apply(new Sample(0, image, 1, null), new SplittableRandom(1));
                assertNotNull(out.image(), factory.typeName());
            }
        }
    }

    private static <C, T> T create(ComponentFactory<C, T> factory) {
        return factory.create(factory.parseConfig(ConfigView.parse(factory.example().config())), ServiceLoaderContext.INSTANCE);
    }
}
