package org.pretrain4j.api.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmengine's {@code ExponentialMovingAverage}: a frozen copy of a network (the child {@code module}) whose
 * parameters follow the online network's as {@code ema = (1 - momentum) * ema + momentum * param}. Mind the
 * convention: {@code momentum} weighs the <em>new</em> value, so mmpretrain's MoCo {@code momentum = 0.001} is the
 * paper's 0.999, and values above 0.5 are almost certainly the other convention (a warning is logged, as mmengine
 * does). MoCo's key encoder and BYOL's target network ({@link CosineEMA}) are built on it.
 *
 * <p>Usage: build the copy as a second instance of the same architecture from the same config (for example
 * {@code context.build(Kind.BACKBONE, view)} twice, or a container of such copies), wrap it here and add this block
 * as a child of the algorithm, e.g. {@code momentum_encoder}, so checkpoint keys read
 * {@code momentum_encoder.module.<...>} and {@code momentum_encoder.steps} as in mmpretrain. Call
 * {@link #update(Block...)} with the online blocks once per iteration: the first call copies them (the two instances
 * were initialised independently), later calls average.
 *
 * <p>What is averaged: the parameters of {@code module}, trainable or not (mmengine's {@code named_parameters()}),
 * paired in order with the sources' parameters. DJL has no buffers; batch-norm running statistics
 * ({@link Parameter.Type#RUNNING_MEAN}, {@link Parameter.Type#RUNNING_VAR}) play their part: with
 * {@code updateBuffers = false} (mmengine's default) they are copied from the source at every update, with
 * {@code true} they are averaged like parameters. Only floating-point arrays are averaged; others are copied on the
 * first update only. Updates are in place, detached from any gradient graph (they may run inside a gradient
 * collector), and leave no arrays behind: temporaries live in a sub-manager closed at the end of the update.
 */
public class ExponentialMovingAverage extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(ExponentialMovingAverage.class);

    private final Block module;
    private final Parameter steps;
    private final double momentum;
    private final int interval;
    private final boolean updateBuffers;
    private boolean checked;

    /**
     * Wraps the copy and freezes its parameters (mmengine's {@code requires_grad_(False)}).
     *
     * @param module the averaged copy, not initialised yet; it becomes the child {@code module}
     * @param momentum the weight of the new value, in (0, 1); mmengine's default is 0.0002
     * @param interval average every this many updates (the first update always copies)
     * @param updateBuffers average running statistics too instead of copying them
     * @throws IllegalArgumentException if {@code momentum} is outside (0, 1) or {@code interval < 1}
     */
    public ExponentialMovingAverage(Block module, double momentum, int interval, boolean updateBuffers) {
        super(VERSION);
        if (!(momentum > 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in range (0.0, 1.0) but got " + momentum);
        }
        if (momentum > 0.5) {
            LOG.warn("The value of momentum in EMA is usually a small number, which is different from the "
                    + "conventional notion of momentum but got {}. Please make sure the value is correct.", momentum);
        }
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be >= 1, got " + interval);
        }
        this.module = addChildBlock("module", requireNonNull(module, "module is null"));
        this.momentum = momentum;
        this.interval = interval;
        this.updateBuffers = updateBuffers;
        // mmengine's steps buffer: a 0-d int64 counter saved with the weights, so a resumed run neither copies the
        // online network again nor restarts a momentum schedule.
        this.steps = addParameter(Parameter.builder().setName("steps").setType(Parameter.Type.OTHER)
                .optShape(new Shape()).optRequiresGrad(false)
                .optInitializer((manager, shape, dataType) -> manager.zeros(shape, DataType.INT64)).build());
        module.freezeParameters(true);
    }

    /**
     * The averaged copy.
     *
     * @return the child {@code module}
     */
    public final Block module() {
        return module;
    }

    /**
     * The momentum given at construction (the starting one for {@link CosineEMA}).
     *
     * @return the weight of the new value
     */
    public final double momentum() {
        return momentum;
    }

    /**
     * How many times {@link #update} ran, restored with the weights.
     *
     * @return the update count
     * @throws IllegalStateException if the block is not initialised
     */
    public final long steps() {
        if (!steps.isInitialized()) {
            throw new IllegalStateException("the EMA block is not initialised");
        }
        return steps.getArray().getLong();
    }

    /**
     * mmengine's {@code update_parameters}: copies the sources into {@code module} on the first call, then (every
     * {@code interval} calls) averages them in with {@link #average}; running statistics are copied every call unless
     * {@code updateBuffers}.
     *
     * @param sources the online blocks whose parameters, concatenated in order, pair with {@code module}'s (one
     *     block of the same architecture, or for a container {@code module} the blocks of its children in order)
     * @throws IllegalArgumentException on the first call, if the parameters do not pair up by count, name, type and
     *     shape
     * @throws IllegalStateException if this block or a source is not initialised
     */
    public final void update(Block... sources) {
        List<Parameter> source = new ArrayList<>();
        for (Block b : sources) {
            requireNonNull(b, "source is null").getParameters().forEach(p -> source.add(p.getValue()));
        }
        List<Parameter> target = new ArrayList<>();
        module.getParameters().forEach(p -> target.add(p.getValue()));
        if (!checked) {
            checkPairs(target, source);
            checked = true;
        }
        long step = steps();
        NDArray counter = steps.getArray();
        try (NDManager scratch = counter.getManager().newSubManager()) {
            for (int i = 0; i < target.size(); i++) {
                NDArray avg = target.get(i).getArray();
                NDArray src = detached(source.get(i).getArray(), scratch);
                boolean buffer = isBuffer(target.get(i));
                if (step == 0 || (buffer && !updateBuffers)) {
                    avg.set(new NDIndex("..."), src);
                } else if (step % interval == 0 && avg.getDataType().isFloating()) {
                    average(avg, src, step, scratch);
                }
            }
        }
        counter.addi(1);
    }

    /**
     * mmengine's {@code avg_func}: moves {@code averaged} towards {@code source} in place. This one is torch's
     * {@code lerp_(source, momentum)} ({@code averaged + momentum * (source - averaged)}).
     *
     * @param averaged the averaged array, updated in place
     * @param source the source array, detached, in {@code scratch}
     * @param step the number of updates before this one (at least 1)
     * @param scratch a manager for temporaries, closed after the update
     */
    protected void average(NDArray averaged, NDArray source, long step, NDManager scratch) {
        averaged.addi(source.sub(averaged).muli(momentum));
    }

    private static NDArray detached(NDArray array, NDManager scratch) {
        NDArray view = array.stopGradient();
        view.attach(scratch);
        return view;
    }

    private static boolean isBuffer(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    private static void checkPairs(List<Parameter> target, List<Parameter> source) {
        if (target.size() != source.size()) {
            throw new IllegalArgumentException("the EMA copy has " + target.size() + " parameters but the sources "
                    + "have " + source.size() + "; build the copy from the same config as the online network");
        }
        for (int i = 0; i < target.size(); i++) {
            Parameter t = target.get(i);
            Parameter s = source.get(i);
            if (!s.isInitialized() || !t.isInitialized()) {
                throw new IllegalStateException("initialise the online network and the EMA copy before update");
            }
            Shape ts = t.getArray().getShape();
            Shape ss = s.getArray().getShape();
            if (!t.getName().equals(s.getName()) || t.getType() != s.getType() || !ts.equals(ss)) {
                throw new IllegalArgumentException("EMA parameter " + i + " is '" + t.getName() + "' " + ts
                        + " but the source's is '" + s.getName() + "' " + ss
                        + "; build the copy from the same config as the online network");
            }
        }
    }

    /**
     * The copy's forward pass.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the inputs
     * @param training whether this is a training pass (batch norms then use batch statistics, as in mmpretrain)
     * @param params passed on
     * @return the copy's outputs
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return module.forward(parameterStore, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return module.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        module.initialize(manager, dataType, inputShapes);
    }
}
