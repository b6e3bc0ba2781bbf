package com.example.pretrain4j.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;

// tag::backbone-factory[]
/** Factory of {@link TinyConvNet}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(BackboneFactory.class)
public final class TinyConvNetFactory implements BackboneFactory<TinyConvNetFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "TinyConvNet";

    /**
     * Typed config of {@link TinyConvNet}.
     *
     * @param channels output channels of each stage
     * @param outIndices 0-based stages whose outputs are returned
     */
    public record Config(List<Integer> channels, List<Integer> outIndices) {
        /**
         * Copies the lists.
         *
         * @param channels the stage widths
         * @param outIndices the returned stages
         */
        public Config {
            channels = List.copyOf(requireNonNull(channels, "channels is null"));
            outIndices = List.copyOf(requireNonNull(outIndices, "outIndices is null"));
        }
    }

    /** Creates the factory; it holds no state. */
    public TinyConvNetFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Small conv net: 3x3 conv, batch norm and ReLU per stage; stride 2 from the second stage on.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("channels", "list<int>", "[16, 32, 64]", "output channels of each stage"),
                ParamDoc.optional("out_indices", "list<int>", "[-1]",
                        "0-based stages whose outputs are returned; -1 is the last stage"));
    }

    @Override
    public Example example() {
        return Example.of("channels = [4, 8], out_indices = [0, 1]", new Shape(2, 1, 12, 12));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        List<Integer> channels = config.getIntList("channels", List.of(16, 32, 64));
        if (channels.isEmpty() || channels.stream().anyMatch(c -> c < 1)) {
            throw config.error("channels", "expected at least one positive channel count, got " + channels);
        }
        List<Integer> outIndices = config.getIntList("out_indices", List.of(-1)).stream()
                .map(i -> i < 0 ? i + channels.size() : i).toList();
        if (outIndices.isEmpty()) {
            throw config.error("out_indices", "expected at least one stage index");
        }
        for (int i : outIndices) {
            if (i < 0 || i >= channels.size()) {
                throw config.error("out_indices", "expected stage indices in [-" + channels.size() + ", "
                        + (channels.size() - 1) + "] for " + channels.size() + " stages, got " + outIndices);
            }
        }
        return new Config(channels, outIndices);
    }

    @Override
    public Backbone create(Config config, BuildContext context) {
        return new TinyConvNet(config);
    }
}
// end::backbone-factory[]
