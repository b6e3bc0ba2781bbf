package org.pretrain4j.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.pretrain4j.api.data.BatchAugment;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TargetGenerator;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.api.train.Hook;
import org.pretrain4j.api.train.Optimizer;
import org.pretrain4j.api.train.ParamScheduler;

/**
 * A family of components that configs name by {@code type}, with the factory interface its plugins implement.
 * Adding a kind is declaring one constant like these: the registry loads any kind's factories on demand.
 *
 * <p>Inputs for {@link Example#inputShapes()}: a backbone takes an image batch {@code (N, C, H, W)}; a neck takes
 * the feature shapes it is given; a head takes its feature shapes and is trained against class indices in
 * {@code [0, classes)}, where {@code classes} is the last dimension of its output; a loss takes the prediction shape
 * and random class-index targets; a model and a target generator take an image batch. The other kinds are not
 * blocks and ignore the shapes; their examples only need to build.
 *
 * @param <T> the component type
 */
public final class Kind<T> {
    /** Backbones: image batch to stage outputs. */
    public static final Kind<Backbone> BACKBONE = new Kind<>("backbone", Backbone.class, BackboneFactory.class);
    /** Necks: features to features. */
    public static final Kind<Neck> NECK = new Kind<>("neck", Neck.class, NeckFactory.class);
    /** Heads: features to predictions, with a loss. */
    public static final Kind<Head> HEAD = new Kind<>("head", Head.class, HeadFactory.class);
    /** Losses: prediction and target to a scalar. */
    public static final Kind<Loss> LOSS = new Kind<>("loss", Loss.class, LossFactory.class);
    /** Self-supervised algorithms; also found under {@link #MODEL}. */
    public static final Kind<SelfSupervisor> SELF_SUPERVISOR =
            new Kind<>("selfsup", SelfSupervisor.class, SelfSupervisorFactory.class);
    /** Target generators of masked-image-modelling algorithms, named under {@code model.target_generator}. */
    public static final Kind<TargetGenerator> TARGET_GENERATOR =
            new Kind<>("target_generator", TargetGenerator.class, TargetGeneratorFactory.class);
    /** Top-level task models, as named by a config's {@code model.type}; includes self-supervised algorithms. */
    public static final Kind<TaskModel> MODEL =
            new Kind<>("model", TaskModel.class, TaskModelFactory.class, List.of(SELF_SUPERVISOR));

    /** Datasets, named under {@code *_dataloader.dataset}. */
    public static final Kind<Dataset> DATASET = new Kind<>("dataset", Dataset.class, DatasetFactory.class);
    /** Per-sample transforms, named in a dataset's {@code pipeline}. */
    public static final Kind<Transform> TRANSFORM = new Kind<>("transform", Transform.class, TransformFactory.class);
    /** Batch augments, named under {@code model.train_cfg.augments}. */
    public static final Kind<BatchAugment> BATCH_AUGMENT =
            new Kind<>("batch_augment", BatchAugment.class, BatchAugmentFactory.class);
    /** Optimizers, named under {@code optim_wrapper.optimizer}. */
    public static final Kind<Optimizer> OPTIMIZER = new Kind<>("optimizer", Optimizer.class, OptimizerFactory.class);
    /** Learning-rate schedulers, named in {@code param_scheduler}. */
    public static final Kind<ParamScheduler> PARAM_SCHEDULER =
            new Kind<>("param_scheduler", ParamScheduler.class, ParamSchedulerFactory.class);
    /** Evaluation metrics, named in {@code val_evaluator} and {@code test_evaluator}. */
    public static final Kind<Metric> METRIC = new Kind<>("metric", Metric.class, MetricFactory.class);
    /** Training-loop hooks, named in {@code custom_hooks}. */
    public static final Kind<Hook> HOOK = new Kind<>("hook", Hook.class, HookFactory.class);

    /** The model kinds: their components are DJL blocks and run through the block conformance checks. */
    public static final List<Kind<?>> MODEL_KINDS =
            List.of(MODEL, BACKBONE, NECK, HEAD, LOSS, SELF_SUPERVISOR, TARGET_GENERATOR);

    /** The kinds of this API version, in listing order. */
    public static final List<Kind<?>> BUILT_IN = List.of(MODEL, BACKBONE, NECK, HEAD, LOSS, SELF_SUPERVISOR,
            TARGET_GENERATOR, DATASET, TRANSFORM, BATCH_AUGMENT, OPTIMIZER, PARAM_SCHEDULER, METRIC, HOOK);

    private final String name;
    private final Class<T> componentType;
    private final Class<?> factoryType;
    private final List<Kind<? extends T>> includes;

    /**
     * Declares a kind.
     *
     * @param name the kind's name as shown by {@code list --kind}
     * @param componentType what its factories create
     * @param factoryType the service interface its factories implement
     */
    public Kind(String name, Class<T> componentType, Class<?> factoryType) {
        this(name, componentType, factoryType, List.of());
    }

    /**
     * Declares a kind whose lookups also find the components of narrower kinds.
     *
     * @param name the kind's name as shown by {@code list --kind}
     * @param componentType what its factories create
     * @param factoryType the service interface its factories implement
     * @param includes narrower kinds whose names are valid here too
     */
    public Kind(String name, Class<T> componentType, Class<?> factoryType, List<Kind<? extends T>> includes) {
        this.name = requireNonNull(name, "name is null");
        this.componentType = requireNonNull(componentType, "componentType is null");
        this.factoryType = requireNonNull(factoryType, "factoryType is null");
        if (!ComponentFactory.class.isAssignableFrom(factoryType)) {
            throw new IllegalArgumentException(factoryType.getName() + " does not extend ComponentFactory");
        }
        this.includes = List.copyOf(includes);
    }

    /**
     * The kind's name.
     *
     * @return e.g. {@code backbone}
     */
    public String name() {
        return name;
    }

    /**
     * The component type.
     *
     * @return the interface every component of this kind implements
     */
    public Class<T> componentType() {
        return componentType;
    }

    /**
     * The service interface that {@link java.util.ServiceLoader} loads for this kind.
     *
     * @return the factory interface
     */
    public Class<?> factoryType() {
        return factoryType;
    }

    /**
     * Narrower kinds whose type names are also valid where this kind is expected.
     *
     * @return the included kinds
     */
    public List<Kind<? extends T>> includes() {
        return includes;
    }

    @Override
    public String toString() {
        return name;
    }
}
