package ${package};

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;

/**
 * Factory of {@link MyPooling}, registered as {@value #NAME}: configs use it as {@code neck { type = MyPooling }}.
 * {@code pretrain4j describe MyPooling} prints {@link #parameters()}.
 */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class MyPoolingFactory implements NeckFactory<MyPoolingConfig> {
    /** The type name configs use. Type names are global: no two plugins, nor a plugin and the framework, may share one. */
    public static final String NAME = "MyPooling";

    // Every key parseConfig reads, in the order describe shows them; the unit test checks that the two agree.
    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("p", "double", "3.0",
                    "initial exponent of the generalized mean (learned); 1 is average pooling, large values approach max pooling"),
            ParamDoc.optional("eps", "double", "1e-6", "lower bound of the activations when clamp is set"),
            ParamDoc.optional("clamp", "boolean", "true", "clamp activations to at least eps before the power"));

    /** Creates the factory; ServiceLoader needs this public no-argument constructor, and the factory holds no state. */
    public MyPoolingFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Generalized-mean pooling of each feature map to one (N, C) vector, with a learned exponent p.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        // Tiny on purpose: the conformance checks run it forward and backward.
        return Example.of("p = 2.0", new Shape(2, 3, 4, 4));
    }

    @Override
    public MyPoolingConfig parseConfig(ConfigView config) {
        MyPoolingConfig d = MyPoolingConfig.defaults();
        // Reading through the view records each key, so the framework rejects keys nobody reads (typos) for you,
        // and range errors name the config file, line and key.
        double p = config.getDouble("p", d.p());
        if (!(p >= 1)) {
            throw config.error("p", "expected a number of at least 1, got " + p);
        }
        double eps = config.getDouble("eps", d.eps());
        if (!(eps > 0)) {
            throw config.error("eps", "expected a positive number, got " + eps);
        }
        boolean clamp = config.getBoolean("clamp", d.clamp());
        return new MyPoolingConfig(p, eps, clamp);
    }

    @Override
    public Neck create(MyPoolingConfig config, BuildContext context) {
        return new MyPooling(config);
    }
}
