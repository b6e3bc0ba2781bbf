package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link MultiView}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class MultiViewFactory implements TransformFactory<MultiViewConfig> {
    /** The type name configs use. */
    public static final String NAME = "MultiView";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("num_views", "int | list<int>",
                    "Views per pipeline: one number for a single pipeline, or one per pipeline."),
            ParamDoc.required("transforms", "list<list<transform config>>",
                    "One pipeline per group of views, e.g. [ ${view_pipeline} ]; each view runs it on a copy of the "
                            + "sample with its own randomness."));

    /** Creates the factory; it holds no state. */
    public MultiViewFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Makes several randomly transformed views of each image, one pipeline per group of views "
                + "(mmpretrain MultiView).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_views = [2, 1], transforms = [[{ type = RandomFlip, prob = 0.5 }], "
                + "[{ type = CenterCrop, crop_size = 8 }, { type = RandomFlip, prob = 0.5 }]]");
    }

    @Override
    public MultiViewConfig parseConfig(ConfigView config) {
        if (!config.has("num_views")) {
            throw config.error("num_views", "missing required key 'num_views' (expected an integer or a list)");
        }
        List<Integer> numViews = config.getIntList("num_views", List.of());
        List<List<ConfigView>> transforms = config.getViewLists("transforms");
        if (transforms.isEmpty()) {
            throw config.error("transforms", "expected a list of pipelines, e.g. [[{ type = RandomFlip }]]");
        }
        if (numViews.size() != transforms.size()) {
            throw config.error("num_views", "expected one view count per pipeline (" + transforms.size()
                    + " pipelines), got " + numViews);
        }
        if (numViews.stream().anyMatch(n -> n < 1)) {
            throw config.error("num_views", "expected counts of at least 1, got " + numViews);
        }
        return new MultiViewConfig(numViews, transforms);
    }

    @Override
    public Transform create(MultiViewConfig config, BuildContext context) {
        List<List<Transform>> pipelines = config.transforms().stream()
                .map(p -> p.stream().map(v -> context.build(Kind.TRANSFORM, v)).toList()).toList();
        return new MultiView(config.numViews(), pipelines);
    }
}
