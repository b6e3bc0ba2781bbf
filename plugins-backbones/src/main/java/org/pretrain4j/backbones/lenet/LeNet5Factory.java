package org.pretrain4j.backbones.lenet;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;

/** Registers {@link LeNet5} under mmpretrain's name {@value #NAME}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class LeNet5Factory implements BackboneFactory<LeNet5Config> {
    /** The type name. */
    public static final String NAME = "LeNet5";

    private static final List<ParamDoc> PARAMETERS = List.of(ParamDoc.optional("num_classes", "int", "-1",
            "Output size of the built-in classifier (Linear 120-84, Tanh, Linear 84-num_classes); -1 (or any value "
                    + "<= 0) returns the (N, 120, 1, 1) features instead."));

    /** Creates the factory; it holds no state. */
    public LeNet5Factory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "LeNet-5 for 32x32 one-channel images: three 5x5 convolutions with Tanh and average pooling.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 10", new Shape(2, 1, 32, 32));
    }

    @Override
    public LeNet5Config parseConfig(ConfigView config) {
        return new LeNet5Config(config.getInt("num_classes", -1));
    }

    @Override
    public Backbone create(LeNet5Config config, BuildContext context) {
        return new LeNet5(config);
    }
}
