package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/**
 * Shared helpers of the loss tests: the factories as the registry finds them, building a loss from HOCON, and small
 * inputs for the tests of errors and of properties. Expected numbers come from PyTorch, through
 * {@code loss_fixtures.json} ({@link LossFixturesTest}).
 */
final class Fixtures {
    private static final BuildContext NO_NESTING = new BuildContext() {
        @Override
        public <T> T build(Kind<T> kind, ConfigView config) {
            throw new AssertionError("losses build no nested components");
        }
    };

    private Fixtures() {}

    /** Every loss factory on the class path, found the way the registry finds them. */
    static List<LossFactory<?>> factories() {
        List<LossFactory<?>> all = new ArrayList<>();
        ServiceLoader.load(LossFactory.class).forEach(all::add);
        return all;
    }

    /**
     * Builds a registered loss from a HOCON body, through its factory's parsing.
     *
     * @throws AssertionError if no factory has that type name
     */
    static Loss create(String typeName, String hocon) {
        for (LossFactory<?> factory : factories()) {
            if (factory.typeName().equals(typeName)) {
                return create(factory, hocon);
            }
        }
        throw new AssertionError("no loss factory named " + typeName);
    }

    static <C> Loss create(LossFactory<C> factory, String hocon) {
        return factory.create(factory.parseConfig(ConfigView.parse(hocon)), NO_NESTING);
    }

    /** Logits of 3 samples over 4 classes. */
    static NDArray logits(NDManager manager) {
        return manager.create(new float[] {1.0f, 2.0f, 0.5f, -1.0f, 0.2f, -1.0f, 3.0f, 0.0f, -0.5f, 0.3f, 0.1f, 2.2f},
                new Shape(3, 4));
    }

    /** Class indices for {@link #logits}. */
    static NDArray labels(NDManager manager) {
        return manager.create(new long[] {1, 2, 0});
    }
}
