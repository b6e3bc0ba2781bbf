package org.pretrain4j.heads.cls;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link ArcFaceClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class ArcFaceClsHeadFactory implements HeadFactory<ArcFaceClsHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "ArcFaceClsHead";

    private static final String MARGINS = "margins";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("num_classes", "int", "number of classes"),
            ParamDoc.required("in_channels", "int", "feature size of the last input"),
            ParamDoc.optional("num_subcenters", "int", "1",
                    "class centres per class; the best one counts (Sub-center ArcFace)"),
            ParamDoc.optional("scale", "number", "64.0", "factor on the cosine logits"),
            ParamDoc.optional(MARGINS, "number | list<number> | string", "0.5",
                    "additive angular margin in radians: one for all classes, one per class, or a .txt file with "
                            + "one margin per line"),
            ParamDoc.optional("easy_margin", "boolean", "false",
                    "apply the margin only where the cosine is positive, instead of continuing it past pi"),
            ClsHeadConfig.LOSS_PARAMETER);

    /** Creates the factory; it holds no state. */
    public ArcFaceClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "ArcFace head: scaled cosines to normalised class centres, with an angular margin on the target class "
                + "for the loss.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 3, in_channels = 4, num_subcenters = 2, scale = 16", new Shape(2, 4));
    }

    @Override
    public ArcFaceClsHeadConfig parseConfig(ConfigView config) {
        int numClasses = ClsHeadConfig.positive(config, "num_classes");
        int inChannels = ClsHeadConfig.positive(config, "in_channels");
        int numSubcenters = config.checkRange("num_subcenters", config.getInt("num_subcenters", 1), 1,
                Integer.MAX_VALUE);
        double scale = config.getDouble("scale", 64.0);
        List<Double> margins = margins(config, numClasses);
        boolean easyMargin = config.getBoolean("easy_margin", false);
        return new ArcFaceClsHeadConfig(numClasses, inChannels, numSubcenters, scale, margins, easyMargin,
                ClsHeadConfig.parseLoss(config));
    }

    /** mmpretrain accepts one margin, a list with one per class, or a .txt file with one per line. */
    private static List<Double> margins(ConfigView config, int numClasses) {
        config.markRead(MARGINS);
        ConfigValue value = config.unwrap().get(MARGINS);
        List<Double> margins;
        if (value == null || value.valueType() == ConfigValueType.NULL) {
            margins = Collections.nCopies(numClasses, 0.5);
        } else if (value.valueType() == ConfigValueType.NUMBER) {
            margins = Collections.nCopies(numClasses, config.getDouble(MARGINS));
        } else if (value.valueType() == ConfigValueType.STRING) {
            margins = marginFile(config, config.getString(MARGINS));
        } else {
            margins = config.getDoubleList(MARGINS, List.of());
        }
        if (margins.size() != numClasses) {
            throw config.error(MARGINS, "expected one margin per class (" + numClasses + "), got " + margins.size());
        }
        return margins;
    }

    private static List<Double> marginFile(ConfigView config, String file) {
        if (!file.endsWith(".txt")) {
            throw config.error(MARGINS, "expected a number, a list of numbers or a .txt file, got '" + file + "'");
        }
        try {
            List<Double> margins = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(file))) {
                if (!line.isBlank()) {
                    margins.add(Double.parseDouble(line.trim()));
                }
            }
            return margins;
        } catch (IOException | NumberFormatException e) {
            throw config.error(MARGINS, "cannot read margins from " + file + ": " + e.getMessage());
        }
    }

    @Override
    public Head create(ArcFaceClsHeadConfig config, BuildContext context) {
        return new ArcFaceClsHead(config, context.build(Kind.LOSS, config.loss()));
    }
}
