package ${package};

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Neck;

/**
 * An example neck: generalized-mean (GeM) pooling, as mmpretrain's {@code GeneralizedMeanPooling}. Every
 * {@code (N, C, H, W)} input of the {@code NDList} becomes {@code (N, C)}: {@code mean(clamp(x, eps)^p)^(1/p)} over the
 * spatial axes, with the exponent {@code p} learned. Replace it with your own component; keep the shape of the code:
 * a DJL block implementing a contract of {@code org.pretrain4j.api.model}, built by a factory.
 */
public class MyPooling extends AbstractBlock implements Neck {
    // Bumped when the saved layout of the block changes; DJL stores it with the parameters.
    private static final byte VERSION = 1;

    private final MyPoolingConfig config;
    private final Parameter p;

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public MyPooling(MyPoolingConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        // Named "p" as mmpretrain's state-dict key (neck.p), so converted checkpoints line up.
        this.p = addParameter(Parameter.builder().setName("p").setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer((float) config.p())).optShape(new Shape(1)).build());
    }

    /**
     * The config the neck was built with; {@code p} is its initial exponent, training moves the learned one.
     *
     * @return the config
     */
    public MyPoolingConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(inputs.size());
        for (NDArray x : inputs) {
            Shape shape = x.getShape();
            checkRank(shape);
            NDArray exponent = parameterStore.getValue(p, x.getDevice(), training);
            NDArray base = config.clamp() ? x.maximum(config.eps()) : x;
            // DJL's PyTorch mean takes one axis, so flatten H and W first; p broadcasts from shape (1).
            NDArray mean = base.pow(exponent).reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
            outputs.add(mean.pow(exponent.pow(-1)));
        }
        return outputs;
    }

    /**
     * One {@code (N, C)} per input.
     *
     * @param inputShapes the feature shapes, each {@code (N, C, H, W)}
     * @return the pooled shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[inputShapes.length];
        for (int i = 0; i < inputShapes.length; i++) {
            checkRank(inputShapes[i]);
            out[i] = inputShapes[i].slice(0, 2);
        }
        return out;
    }

    /** A wrong rank would otherwise pool the wrong axes silently, or fail deep inside libtorch. */
    private static void checkRank(Shape shape) {
        if (shape.dimension() != 4) {
            throw new Pretrain4jException(MyPoolingFactory.NAME + " expects inputs (N, C, H, W), got shape " + shape);
        }
    }
}
