package org.pretrain4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.CosineEMA;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.SelfSupervisor;

/**
 * A test self-supervised model in the shape of BYOL's target network: a {@link CosineEMA} copy of the backbone,
 * updated at the start of every loss as mmpretrain's BYOL does. Its second update needs the run's total iterations,
 * which only the trainer's calls to the model's hooks provide, so a run that trains it at all shows those calls.
 */
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class EmaProbeFactory implements SelfSupervisorFactory<ConfigView> {
    @Override
    public String typeName() {
        return "TestEmaProbe";
    }

    @Override
    public String summary() {
        return "Test model: a backbone with a CosineEMA target copy, loss = mean square of the features.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(ParamDoc.required("backbone", "backbone config", "the online network, copied for the target"));
    }

    @Override
    public Example example() {
        return Example.of("backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }", new Shape(2, 3, 8, 8));
    }

    @Override
    public ConfigView parseConfig(ConfigView config) {
        return config.getView("backbone");
    }

    @Override
    public SelfSupervisor create(ConfigView backbone, BuildContext context) {
        return new EmaProbe(context.build(Kind.BACKBONE, backbone), context.build(Kind.BACKBONE, backbone));
    }

    /** The model. */
    static final class EmaProbe extends AbstractSelfSupervisor<Head> {
        private final CosineEMA target;

        EmaProbe(Backbone online, Backbone copy) {
            super(online, null, null);
            target = addChildBlock("target_net", new CosineEMA(copy, 0.01, 0, 1, false));
        }

        @Override
        public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
            target.update(backbone());
            NDArray x = SelfSupervisor.views(inputs).get(0);
            NDArray feats = backbone().forward(parameterStore, new NDList(x), true).get(0);
            return new LossDict().put("loss", feats.square().mean());
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            super.initializeChildBlocks(manager, dataType, inputShapes);
            target.initialize(manager, dataType, inputShapes);
        }
    }
}
