package ${package};

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;

/**
 * The checks the framework's conformance suite runs on every bundled component, for this plugin's neck: it is
 * registered, documents exactly the keys it reads, and runs forward and backward on its example with the shapes it
 * declares. Copy this test for each component you add.
 */
final class MyPoolingFactoryTest {
    private static final MyPoolingFactory FACTORY = new MyPoolingFactory();

    /** A neck needs no nested components; building one through the context would be a bug here. */
    private static final BuildContext NO_NESTING = new BuildContext() {
        @Override
        public <T> T build(Kind<T> kind, ConfigView config) {
            throw new AssertionError("MyPooling builds no nested " + kind + " (asked at " + config.path() + ")");
        }
    };

    @Test
    // ServiceLoader looks providers up by the raw interface, as the framework does.
    @SuppressWarnings("rawtypes")
    void isRegisteredForServiceLoader() {
        // What the framework's plugin loader looks up: META-INF/services/org.pretrain4j.api.NeckFactory.
        assertTrue(ServiceLoader.load(NeckFactory.class).stream()
                .anyMatch(p -> p.type() == MyPoolingFactory.class), "@AutoService(NeckFactory.class) missing");
    }

    @Test
    void documentsExactlyTheKeysItReads() {
        // The framework rejects keys a factory does not read, so an undocumented read key is a key users cannot
        // discover, and a documented unread one is silently ignored.
        ConfigView view = ConfigView.parse(FACTORY.example().config());
        FACTORY.parseConfig(view);
        Set<String> documented = new TreeSet<>();
        for (ParamDoc p : FACTORY.parameters()) {
            assertTrue(documented.add(p.name()), "documented twice: " + p.name());
            assertFalse(p.description().isBlank(), p.name() + " has no description");
        }
        assertEquals(documented, new TreeSet<>(view.readKeys()), "documented keys vs keys read by parseConfig");
        assertFalse(FACTORY.summary().isBlank());
    }

    @Test
    void runsForwardAndBackwardOnItsExample() {
        Example example = FACTORY.example();
        Neck neck = FACTORY.create(FACTORY.parseConfig(ConfigView.parse(example.config())), NO_NESTING);
        Shape[] shapes = example.inputShapes().toArray(new Shape[0]);
        try (NDManager manager = NDManager.newBaseManager()) {
            neck.initialize(manager, DataType.FLOAT32, shapes);
            NDList inputs = new NDList();
            for (Shape s : shapes) {
                NDArray x = manager.randomNormal(s);
                x.setRequiresGradient(true);
                inputs.add(x);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = neck.forward(new ParameterStore(manager, false), inputs, true);
                assertArrayEquals(neck.getOutputShapes(shapes), out.getShapes(), "getOutputShapes vs forward");
                collector.backward(out.head().mean());
            }
            NDArray pGradient = neck.getParameters().get("p").getArray().getGradient();
            assertTrue(Float.isFinite(pGradient.getFloat()) && pGradient.getFloat() != 0f, "gradient of p: " + pGradient);
            assertTrue(inputs.head().getGradient().abs().sum().getFloat() > 0, "no gradient reaches the input");
        }
    }

    @Test
    void exponentOneIsAveragePooling() {
        MyPooling neck = new MyPooling(new MyPoolingConfig(1.0, 1e-6, false));
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 4, 5);
            neck.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(shape);
            NDArray pooled = neck.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            NDArray expected = x.reshape(2, 3, 20).mean(new int[] {2});
            assertTrue(pooled.allClose(expected, 1e-5, 1e-6, false), pooled + " vs " + expected);
        }
    }

    @Test
    void invalidValuesNameTheirKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> FACTORY.parseConfig(ConfigView.parse("p = 0.5")));
        assertTrue(e.getMessage().contains("p") && e.getMessage().contains("at least 1"), e.getMessage());
    }
}
