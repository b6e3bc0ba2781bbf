package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/**
 * Factory of {@code PackInputs}, registered as {@value #NAME}: a no-op, because the framework's loader packs
 * samples into batches (HWC to CHW, labels to a tensor) itself. It exists so that pipelines copied from mmpretrain,
 * which always end with {@code PackInputs}, run unchanged.
 */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class PackInputsFactory implements TransformFactory<PackInputsConfig> {
    /** The type name configs use. */
    public static final String NAME = "PackInputs";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("algorithm_keys", "list<string>", "[]", "Accepted for portability; no effect."),
            ParamDoc.optional("meta_keys", "list<string>", "[]", "Accepted for portability; no effect."));

    /** Creates the factory; it holds no state. */
    public PackInputsFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "No-op kept for mmpretrain pipelines: the framework packs samples into batches itself.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("");
    }

    @Override
    public PackInputsConfig parseConfig(ConfigView config) {
        return new PackInputsConfig(config.getStringList("algorithm_keys", List.of()),
                config.getStringList("meta_keys", List.of()));
    }

    @Override
    public Transform create(PackInputsConfig config, BuildContext context) {
        return (sample, random) -> sample;
    }
}
