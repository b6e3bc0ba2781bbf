package org.pretrain4j.selfsup.beit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.TargetGenerator;
import org.pretrain4j.backbones.beit.BEiTViT;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.NamedSequence;
import org.pretrain4j.backbones.layers.TorchInit;

/**
 * mmpretrain's {@code VQKD} (vector-quantised knowledge distillation), BEiT v2's visual tokenizer, as a target
 * generator: the image batch {@code (B, C, H, W)} goes through the {@code encoder} (a {@link BEiTViT} with
 * {@code out_type = featmap}), its patch features {@code (B, h * w, C)} through {@code encode_task_layer}
 * ({@code Linear(C, C)}, tanh, {@code Linear(C, embed_dims)}) and the {@code quantize}r
 * ({@link NormEMAVectorQuantizer}), and the output is the token index of every patch, int64 {@code (B, h * w)}
 * (mmpretrain's {@code get_tokens(x)['token']}).
 *
 * <p>All parameters are frozen: the tokenizer comes pre-trained, its weights loaded through {@code init_cfg}
 * ({@code Pretrained}, keys {@code encoder.*}, {@code encode_task_layer.*}, {@code quantize.embedding.weight},
 * {@code quantize.cluster_size}), and BEiT runs it with {@code training = false} outside the gradient graph. Without
 * a checkpoint it is randomly initialised (PyTorch's defaults, a random normalised codebook), which gives arbitrary
 * but fixed targets. mmpretrain's decoder ({@code decoder_config}) is not built: only the encoder half is ever used.
 */
public final class VQKD extends AbstractBlock implements TargetGenerator {
    private final BEiTViT encoder;
    private final NamedSequence encodeTaskLayer;
    private final NormEMAVectorQuantizer quantize;

    /**
     * Assembles the tokenizer and freezes it.
     *
     * @param encoder the encoder, {@code out_type = featmap} with one out index
     * @param embedDims the codebook vectors' size
     * @param quantize the quantizer, of codebook vectors of {@code embedDims}
     */
    public VQKD(BEiTViT encoder, int embedDims, NormEMAVectorQuantizer quantize) {
        super((byte) 1);
        this.encoder = addChildBlock("encoder", requireNonNull(encoder, "encoder is null"));
        int dims = encoder.config().common().arch().embedDims();
        encodeTaskLayer = addChildBlock("encode_task_layer", new NamedSequence()
                .add("0", TorchInit.defaults(Linear.builder().setUnits(dims).build(), dims), Act.TANH)
                .add("2", TorchInit.defaults(Linear.builder().setUnits(embedDims).build(), dims)));
        this.quantize = addChildBlock("quantize", requireNonNull(quantize, "quantize is null"));
        freezeParameters(true);
    }

    /**
     * The quantizer.
     *
     * @return {@code quantize}
     */
    public NormEMAVectorQuantizer quantize() {
        return quantize;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = taskFeatures(parameterStore, encoder.forward(parameterStore, inputs, training).head(),
                training);
        return quantize.forward(parameterStore, new NDList(features), training);
    }

    /** {@code (B, C, h, w)} encoder map to the quantizer's {@code (B, h * w, embed_dims)}. */
    private NDArray taskFeatures(ParameterStore parameterStore, NDArray map, boolean training) {
        Shape s = map.getShape();
        NDArray tokens = map.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
        return encodeTaskLayer.forward(parameterStore, new NDList(tokens), training).singletonOrThrow();
    }

    private Shape tokenShape(Shape image) {
        Shape map = encoder.getOutputShapes(new Shape[] {image})[0];
        return new Shape(map.get(0), map.get(2) * map.get(3), map.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = tokenShape(inputShapes[0]);
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        Shape tokens = tokenShape(inputShapes[0]);
        encodeTaskLayer.initialize(manager, dataType, tokens);
        quantize.initialize(manager, dataType, encodeTaskLayer.getOutputShapes(new Shape[] {tokens}));
    }
}
