package org.pretrain4j.selfsup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;

/**
 * What the tests of the siamese algorithms share: building components from HOCON with the factories on the test
 * classpath (as the framework's builder would, without depending on it), the torch fixture of
 * {@code tools/fixtures/siamese.py}, and a training step.
 */
public final class TestParts {
    /** Builds nested components from the factories {@link ServiceLoader} finds. */
    public static final BuildContext CONTEXT = new BuildContext() {
        @Override
        public <T> T build(Kind<T> kind, ConfigView config) {
            String type = config.getString("type");
            for (Object provider : ServiceLoader.load(kind.factoryType())) {
                ComponentFactory<?, ?> factory = (ComponentFactory<?, ?>) provider;
                if (factory.typeName().toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT))) {
                    return kind.componentType().cast(create(factory, config));
                }
            }
            throw config.error("type", "unknown " + kind + " type '" + type + "'");
        }
    };

    private TestParts() {}

    /**
     * Parses, checks and creates a component the way the framework does.
     *
     * @param factory the component's factory
     * @param hocon its config, without {@code type}
     * @param <T> the component type
     * @return the component
     */
    public static <T> T build(ComponentFactory<?, T> factory, String hocon) {
        return create(factory, ConfigView.parse(hocon));
    }

    /**
     * Builds a two-view algorithm from its factory's documented example and initialises it for views of one shape.
     *
     * @param factory the algorithm's factory
     * @param manager where the parameters live
     * @param view the shape of one view
     * @param <T> the algorithm type
     * @return the initialised algorithm
     */
    public static <T extends SelfSupervisor> T example(ComponentFactory<?, ? super T> factory, NDManager manager,
            Shape view) {
        @SuppressWarnings("unchecked")
        T model = (T) build(factory, factory.example().config());
        model.initialize(manager, DataType.FLOAT32, view, view);
        return model;
    }

    private static <C, T> T create(ComponentFactory<C, T> factory, ConfigView config) {
        C typed = factory.parseConfig(config);
        config.checkNoUnknownKeys();
        return factory.create(typed, CONTEXT);
    }

    /**
     * One section of {@code siamese_fixture.json}.
     *
     * @param section {@code moco}, {@code byol}, {@code simsiam} or {@code barlow}
     * @return its values
     */
    public static Config fixture(String section) {
        return ConfigFactory.parseURL(TestParts.class.getResource("/siamese_fixture.json")).getConfig(section);
    }

    /**
     * A float32 array from fixture values.
     *
     * @param manager where the array lives
     * @param values the values, row-major
     * @param shape the shape
     * @return the array
     */
    public static NDArray array(NDManager manager, List<Double> values, long... shape) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return manager.create(f, new Shape(shape));
    }

    /**
     * Overwrites a block's parameters, in their order, with fixture weights listed in PyTorch's state-dict order
     * (the same order for the layers used here).
     *
     * @param block an initialised block
     * @param fixture a fixture section
     * @param key the key of its list of flat weight lists, one per parameter
     */
    public static void load(Block block, Config fixture, String key) {
        List<Parameter> params = block.getParameters().stream().map(Pair::getValue).toList();
        List<?> weights = fixture.getList(key).unwrapped();
        assertEquals(weights.size(), params.size(), "parameter count");
        for (int i = 0; i < params.size(); i++) {
            NDArray a = params.get(i).getArray();
            List<?> w = (List<?>) weights.get(i);
            assertEquals(a.size(), w.size(), "size of " + params.get(i).getName());
            float[] f = new float[w.size()];
            for (int j = 0; j < f.length; j++) {
                f[j] = ((Number) w.get(j)).floatValue();
            }
            a.set(FloatBuffer.wrap(f));
        }
    }

    /**
     * Asserts element-wise closeness.
     *
     * @param expected the expected values, row-major
     * @param actual the array
     * @param tolerance the absolute tolerance
     */
    public static void assertClose(List<Double> expected, NDArray actual, double tolerance) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.size(), a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected.get(i), a[i], tolerance, "element " + i);
        }
    }

    /**
     * Runs training steps the way the trainer does, each in its own sub-manager, and checks that no array outlives
     * its step in the model's manager (queues, momentum copies and running statistics are updated in place).
     *
     * @param model an algorithm initialised in {@code manager}
     * @param manager the model's manager
     * @param view one view's shape
     */
    public static void assertNoArraysOutliveSteps(SelfSupervisor model, NDManager manager, Shape view) {
        int before = -1;
        for (int i = 0; i < 4; i++) {
            try (NDManager step = manager.newSubManager()) {
                trainingStep(model, step, view);
            }
            // The first step may create what lives as long as the model (gradient arrays).
            if (i == 0) {
                before = manager.getManagedArrays().size();
            }
        }
        assertEquals(before, manager.getManagedArrays().size(), "arrays left in the model's manager");
    }

    /**
     * One training step's loss and backward pass on two random views that require gradients.
     *
     * @param model an initialised algorithm
     * @param manager where the views live
     * @param view one view's shape
     * @return the two views, holding their gradients
     */
    public static NDList trainingStep(SelfSupervisor model, NDManager manager, Shape view) {
        NDList views = new NDList(manager.randomNormal(view), manager.randomNormal(view));
        views.forEach(v -> v.setRequiresGradient(true));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = model.loss(new ParameterStore(manager, false), views, new NDList()).total();
            assertEquals(new Shape(), loss.getShape());
            collector.backward(loss);
        }
        return views;
    }
}
