package org.pretrain4j.heads.cls;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code NormProduct}: cosines between L2-normalised features and L2-normalised class weights, with
 * {@code k} sub-centres per class of which the best counts. Its only tensor is {@code weight}
 * {@code (classes * k, in_features)}, without bias, initialised as PyTorch's {@code nn.Linear}
 * ({@code U(-1/sqrt(in), 1/sqrt(in))}). {@link ClsHead} checks the feature size before it runs.
 */
final class NormProduct extends AbstractBlock {
    /** {@code F.normalize}'s floor on a norm. */
    private static final float EPS = 1e-12f;

    private final int classes;
    private final int subcenters;
    private final Parameter weight;

    NormProduct(int inFeatures, int classes, int subcenters) {
        super((byte) 1);
        this.classes = classes;
        this.subcenters = subcenters;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(inFeatures))))
                .optShape(new Shape((long) classes * subcenters, inFeatures)).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        // Input first, so results attach to the batch's manager rather than the model's.
        NDArray features = x.div(x.norm(new int[] {1}, true).maximum(Scalars.of(x, EPS)));
        NDArray centres = w.div(w.norm(new int[] {1}, true).maximum(Scalars.of(w, EPS)));
        NDArray cosine = features.matMul(centres.transpose());
        if (subcenters > 1) {
            cosine = cosine.reshape(-1, classes, subcenters).max(new int[] {2});
        }
        return new NDList(cosine);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }
}
