package org.pretrain4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.auto.service.AutoService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TargetGeneratorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TargetGenerator;
import org.pretrain4j.selfsup.beit.VQKDFactory;

/**
 * A test target generator: mmpretrain's {@code VQKD}, built from the same keys, that records the shape and value
 * range of every batch it tokenises, so a training run can show which view reached the tokenizer.
 */
@SuppressWarnings("rawtypes")
@AutoService(TargetGeneratorFactory.class)
public final class TokenizerProbeFactory implements TargetGeneratorFactory<VQKDFactory.Config> {
    /** What the probes saw, in order; tests clear it first. */
    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    private static final VQKDFactory VQKD = new VQKDFactory();

    /**
     * One tokenised batch.
     *
     * @param shape its shape
     * @param min its smallest value
     * @param max its largest value
     */
    record Seen(Shape shape, float min, float max) {}

    @Override
    public String typeName() {
        return "TestTokenizerProbe";
    }

    @Override
    public String summary() {
        return "Test tokenizer: VQKD that records the shape and range of its inputs.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return VQKD.parameters();
    }

    @Override
    public Example example() {
        return VQKD.example();
    }

    @Override
    public VQKDFactory.Config parseConfig(ConfigView config) {
        return VQKD.parseConfig(config);
    }

    @Override
    public TargetGenerator create(VQKDFactory.Config config, BuildContext context) {
        return new Probe(VQKD.create(config, context));
    }

    /** The recording wrapper. */
    static final class Probe extends AbstractBlock implements TargetGenerator {
        private final TargetGenerator tokenizer;

        Probe(TargetGenerator tokenizer) {
            super((byte) 1);
            this.tokenizer = addChildBlock("tokenizer", tokenizer);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head();
            SEEN.add(new Seen(x.getShape(), x.min().getFloat(), x.max().getFloat()));
            return tokenizer.forward(parameterStore, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return tokenizer.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            tokenizer.initialize(manager, dataType, inputShapes);
        }
    }
}
