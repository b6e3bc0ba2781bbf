package org.pretrain4j.selfsup;

import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Neck;

/**
 * The config keys of mmpretrain's {@code BaseSelfSupervisor} that the algorithms of this module share, documented
 * and parsed once: {@code backbone}, {@code neck}, {@code head}, plus {@code data_preprocessor}, which the runner
 * reads (its default for a self-supervised model is {@code SelfSupDataPreprocessor}).
 *
 * @param backbone the backbone's config
 * @param neck the neck's config, or null
 * @param head the head's config, or null
 */
public record SelfSupervisorSpec(ConfigView backbone, ConfigView neck, ConfigView head) {
    /**
     * Documents the shared keys for an algorithm's {@code parameters()}.
     *
     * @param neck what the algorithm does with the neck, or null when it needs none
     * @param head what the algorithm does with the head, or null when it needs none
     * @return the documentation, in the order {@link #parse} reads the keys
     */
    public static List<ParamDoc> parameters(String neck, String head) {
        List<ParamDoc> docs = new ArrayList<>();
        docs.add(ParamDoc.required("backbone", "backbone config", "The network being pre-trained, e.g. "
                + "{ type = ResNet, depth = 50 }; its weights are what a linear probe or fine-tune later reuses."));
        if (neck != null) {
            docs.add(ParamDoc.required("neck", "neck config", neck));
        }
        if (head != null) {
            docs.add(ParamDoc.required("head", "head config", head));
        }
        docs.add(ParamDoc.optional("data_preprocessor", "object", "{type = SelfSupDataPreprocessor}",
                "Normalisation of every view (mean, std, to_rgb), read by the runner; overrides a top-level "
                        + "data_preprocessor."));
        return docs;
    }

    /**
     * Reads the shared keys.
     *
     * @param config the algorithm's config object
     * @param needsNeck whether {@code neck} is required (else it must be absent)
     * @param needsHead whether {@code head} is required (else it must be absent)
     * @return the nested configs
     * @throws org.pretrain4j.api.config.ConfigException if a required part is missing
     */
    public static SelfSupervisorSpec parse(ConfigView config, boolean needsNeck, boolean needsHead) {
        ConfigView backbone = config.getView("backbone");
        ConfigView neck = needsNeck ? config.getView("neck") : null;
        ConfigView head = needsHead ? config.getView("head") : null;
        // The runner reads it from the config itself; it is documented here, where mmpretrain puts it.
        config.getOptionalView("data_preprocessor");
        return new SelfSupervisorSpec(backbone, neck, head);
    }

    /**
     * Builds the backbone through the context.
     *
     * @param context the build context
     * @return the backbone
     */
    public Backbone buildBackbone(BuildContext context) {
        return context.build(Kind.BACKBONE, backbone);
    }

    /**
     * Builds the neck through the context.
     *
     * @param context the build context
     * @return the neck, or null when the spec has none
     */
    public Neck buildNeck(BuildContext context) {
        return neck == null ? null : context.build(Kind.NECK, neck);
    }

    /**
     * Builds the head through the context.
     *
     * @param context the build context
     * @return the head, or null when the spec has none
     */
    public Head buildHead(BuildContext context) {
        return head == null ? null : context.build(Kind.HEAD, head);
    }
}
