package org.pretrain4j.selfsup.simclr;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link ContrastiveHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class ContrastiveHeadFactory implements HeadFactory<ContrastiveHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "ContrastiveHead";

    /** The loss when the config names none; mmpretrain's configs always name this one. */
    private static final String DEFAULT_LOSS = "type = CrossEntropyLoss";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("loss", "loss config", "{type = CrossEntropyLoss}",
                    "The loss of the logits against target 0 (the positive), mean over the rows."),
            ParamDoc.optional("temperature", "number", "0.1", "Divides the similarities before the loss."));

    /** Creates the factory; it holds no state. */
    public ContrastiveHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "InfoNCE head of contrastive methods: logits cat(pos, neg) / temperature against target 0 "
                + "(mmpretrain ContrastiveHead).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("temperature = 0.2", new Shape(3, 1), new Shape(3, 4));
    }

    @Override
    public ContrastiveHeadConfig parseConfig(ConfigView config) {
        ConfigView loss = config.getOptionalView("loss").orElseGet(() -> ConfigView.of(
                ConfigFactory.parseString(DEFAULT_LOSS).root(), config.path().isEmpty() ? "loss"
                        : config.path() + ".loss"));
        double temperature = config.getDouble("temperature", 0.1);
        if (!(temperature > 0)) {
            throw config.error("temperature", "expected a positive number, got " + temperature);
        }
        return new ContrastiveHeadConfig(loss, temperature);
    }

    @Override
    public Head create(ContrastiveHeadConfig config, BuildContext context) {
        return new ContrastiveHead(context.build(Kind.LOSS, config.loss()), config.temperature());
    }
}
