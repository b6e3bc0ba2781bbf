package org.pretrain4j.heads.cls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** A local conformance check over this module's factories, found the way the registry finds them. */
final class HeadFactoriesTest {
    private static List<ComponentFactory<?, ?>> factories() {
        List<ComponentFactory<?, ?>> all = new ArrayList<>();
        ServiceLoader.load(HeadFactory.class).forEach(all::add);
        ServiceLoader.load(NeckFactory.class).forEach(all::add);
        return all;
    }

    @Test
    void serviceLoaderFindsThem() {
        Set<String> names = factories().stream().map(ComponentFactory::typeName).collect(Collectors.toSet());
        assertEquals(Set.of("ArcFaceClsHead", "ClsHead", "LinearClsHead", "StackedLinearClsHead", "MultiLabelClsHead",
                "MultiLabelLinearClsHead", "VisionTransformerClsHead", "GlobalAveragePooling", "GeneralizedMeanPooling",
                "LinearNeck", "NonLinearNeck", "ClsBatchNormNeck", "MoCoV2Neck"), names);
    }

    @Test
    void keysReadAreTheKeysDocumented() {
        for (ComponentFactory<?, ?> factory : factories()) {
            ConfigView view = ConfigView.parse(factory.example().config());
            factory.parseConfig(view);
            Set<String> documented =
                    factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(documented, new TreeSet<>(view.readKeys()), factory.typeName());
        }
    }

    @Test
    void headExamplesTrainOneStep() {
        for (ComponentFactory<?, ?> factory : factories()) {
            if (!(factory instanceof HeadFactory<?> headFactory)) {
                continue;
            }
            Head head = create(headFactory);
            Shape[] shapes = headFactory.example().inputShapes().toArray(Shape[]::new);
            try (NDManager manager = NDManager.newBaseManager()) {
                head.initialize(manager, DataType.FLOAT32, shapes);
                NDList inputs = new NDList();
                for (Shape s : shapes) {
                    NDArray x = manager.randomNormal(s);
                    x.setRequiresGradient(true);
                    inputs.add(x);
                }
                Shape out = head.getOutputShapes(shapes)[0];
                NDArray labels = manager.randomInteger(0, out.getLastDimension(), new Shape(out.get(0)), DataType.INT64);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList logits = head.forward(new ParameterStore(manager, false), inputs, true);
                    // The first output holds the logits; a head may return more (ArcFace adds its cosines).
                    assertEquals(out, logits.get(0).getShape(), factory.typeName());
                    collector.backward(head.loss(logits, labels).total());
                }
                // A zero-initialised classifier (VisionTransformerClsHead) passes nothing back to its input at the
                // first step, but its own weights learn.
                float gradient = inputs.get(inputs.size() - 1).getGradient().abs().sum().getFloat();
                for (Parameter p : head.getParameters().values()) {
                    if (p.requiresGradient()) { // BatchNorm's running statistics have none
                        gradient += p.getArray().getGradient().abs().sum().getFloat();
                    }
                }
                assertTrue(gradient > 0, factory.typeName() + " passes no gradient");
            }
        }
    }

    private static <C> Head create(HeadFactory<C> factory) {
        return factory.create(factory.parseConfig(ConfigView.parse(factory.example().config())), new StubBuildContext());
    }
}
