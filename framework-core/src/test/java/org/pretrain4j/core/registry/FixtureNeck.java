package org.pretrain4j.core.registry;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;

/** Test fixtures: identity necks whose factories differ only in class and type name. */
final class FixtureNeck extends AbstractBlock implements Neck {
    FixtureNeck() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return inputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** Shared behaviour of the fixture factories; subclasses only name themselves. */
    abstract static class Base implements NeckFactory<Integer> {
        @Override
        public String summary() {
            return "identity";
        }

        @Override
        public List<ParamDoc> parameters() {
            return List.of(ParamDoc.optional("scale", "int", "1", "unused"));
        }

        @Override
        public Example example() {
            return Example.of("", new Shape(1, 2));
        }

        @Override
        public Integer parseConfig(ConfigView config) {
            return config.getInt("scale", 1);
        }

        @Override
        public Neck create(Integer config, BuildContext context) {
            return new FixtureNeck();
        }
    }

    /** Registered on the test classpath (see META-INF/services in test resources). */
    public static final class IdentityFactory extends Base {
        @Override
        public String typeName() {
            return "IdentityNeck";
        }
    }

    /** Not registered by default; a test lists it next to {@link DuplicateB} to provoke a duplicate. */
    public static final class DuplicateA extends Base {
        @Override
        public String typeName() {
            return "DupNeck";
        }
    }

    /** Claims the same name as {@link DuplicateA}, in another case. */
    public static final class DuplicateB extends Base {
        @Override
        public String typeName() {
            return "dupneck";
        }
    }
}
