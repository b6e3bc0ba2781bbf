package org.pretrain4j.core.benchmark;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HookFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.Hook;

/**
 * Registers {@link ResourceMonitorHook} for {@code custom_hooks}: a soak run's record of resident memory, open files
 * and threads. Not an mmpretrain type; the soak config ({@code configs/fashion_mnist/soak_lenet5_fashion-mnist.conf})
 * uses it.
 */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HookFactory.class)
public final class ResourceMonitorHookFactory implements HookFactory<ResourceMonitorHook.Spec> {
    /** The type name configs use. */
    public static final String NAME = "ResourceMonitorHook";

    /** Creates the factory; it holds no state. */
    public ResourceMonitorHookFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Logs resident memory, open files and threads every interval iterations, and at the end their change "
                + "since a reference iteration, with whether the resident memory stayed within a limit.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("interval", "int", "1000", "log the figures every this many iterations"),
                ParamDoc.optional("reference_iter", "int", "1000", "the iteration whose figures the end is compared "
                        + "with (after warm-up: allocators and caches have settled)"),
                ParamDoc.optional("max_rss_growth", "float", "0.05", "resident memory at the end may exceed the "
                        + "reference by at most this fraction; the final line says whether it did"));
    }

    @Override
    public Example example() {
        return Example.of("interval = 2, reference_iter = 2");
    }

    @Override
    public ResourceMonitorHook.Spec parseConfig(ConfigView config) {
        int interval = config.checkRange("interval", config.getInt("interval", 1000), 1, Integer.MAX_VALUE);
        int reference = config.checkRange("reference_iter", config.getInt("reference_iter", 1000), 1,
                Integer.MAX_VALUE);
        double growth = config.checkRange("max_rss_growth", config.getDouble("max_rss_growth", 0.05), 0.0, 10.0);
        return new ResourceMonitorHook.Spec(interval, reference, growth);
    }

    @Override
    public Hook create(ResourceMonitorHook.Spec config, BuildContext context) {
        return new ResourceMonitorHook(config, ProcessResources::read);
    }
}
