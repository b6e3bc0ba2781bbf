package org.pretrain4j.core.retriever;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HookFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.Hook;

/**
 * Registers mmpretrain's {@code PrepareProtoBeforeValLoopHook}, which its retrieval configs list in
 * {@code custom_hooks} so that the gallery is encoded again before each validation. {@link ImageToImageRetriever}
 * does that by itself (a training forward pass marks a dataloader gallery stale), so the hook has nothing left to do;
 * it is registered so that those configs port unchanged.
 */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HookFactory.class)
public final class PrepareProtoBeforeValLoopHookFactory
        implements HookFactory<PrepareProtoBeforeValLoopHookFactory.Spec> {
    /** The type name configs use. */
    public static final String NAME = "PrepareProtoBeforeValLoopHook";

    /** The hook takes no options. */
    public record Spec() {}

    /** Creates the factory; it holds no state. */
    public PrepareProtoBeforeValLoopHookFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Accepted for mmpretrain retrieval configs; ImageToImageRetriever re-encodes its gallery after "
                + "training steps by itself.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of();
    }

    @Override
    public Example example() {
        return Example.of("");
    }

    @Override
    public Spec parseConfig(ConfigView config) {
        return new Spec();
    }

    @Override
    public Hook create(Spec config, BuildContext context) {
        // Every Hook method does nothing by default; see the class comment for why that is enough.
        return new Hook() {};
    }
}
