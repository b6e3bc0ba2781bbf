package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link BEiTV2Head}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class BEiTV2HeadFactory implements HeadFactory<BEiTV2HeadFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "BEiTV2Head";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("embed_dims", "int", "The tokens' size (the backbone's embed_dims)."),
            ParamDoc.required("num_embed", "int", "The number of visual tokens: the tokenizer's codebook size."),
            ParamDoc.required("loss", "loss config", "The loss of logits against token indices, e.g. "
                    + "{ type = CrossEntropyLoss }."));

    /**
     * The head's config.
     *
     * @param embedDims the token size
     * @param numEmbed the number of visual tokens
     * @param loss the loss's config
     */
    public record Config(int embedDims, int numEmbed, ConfigView loss) {}

    /** Creates the factory; it holds no state. */
    public BEiTV2HeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BEiT v2 head: a Linear classifier of visual tokens, cross-entropy on the masked patches of both "
                + "neck streams (loss_1, loss_2).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("embed_dims = 16, num_embed = 8, loss { type = CrossEntropyLoss }", new Shape(6, 16),
                new Shape(6, 16));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        int embedDims = config.checkRange("embed_dims", config.getInt("embed_dims"), 1, Integer.MAX_VALUE);
        int numEmbed = config.checkRange("num_embed", config.getInt("num_embed"), 1, Integer.MAX_VALUE);
        return new Config(embedDims, numEmbed, config.getView("loss"));
    }

    @Override
    public Head create(Config config, BuildContext context) {
        return new BEiTV2Head(config.embedDims(), config.numEmbed(), context.build(Kind.LOSS, config.loss()));
    }
}
