package org.pretrain4j.core.optim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.api.train.Optimizer;

/**
 * Shared step loop and state handling of the PyTorch-rule optimizers: {@link #step} hands each parameter that has a
 * gradient to {@link #update} with its learning rate; named state arrays ({@code <param>.<kind>}), per-parameter
 * step counters ({@code <param>.step}), and the manager that owns them.
 *
 * <p>State lives in a manager this optimizer owns. It is created lazily, on the first step, as a sub-manager of the
 * first parameter array's manager (so it lives on the parameters' device and closes with the model), or by
 * {@link #loadState} as a sub-manager of the manager given there. {@link #close()} frees it early.
 */
abstract class StatefulOptimizer implements Optimizer, AutoCloseable {
    /** Suffix of the per-parameter step counters. */
    static final String STEP = "step";
    /** State kind of SGD-style momentum buffers. */
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final List<String> kinds;
    private final boolean counted;
    private final double baseLr;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();
    private final Map<String, NDArray> stepArrays = new HashMap<>();
    private final Set<String> unchecked = new HashSet<>();
    private final Map<ScalarKey, NDArray> scalars = new HashMap<>();
    private NDManager stateManager;

    /**
     * Creates the state holder.
     *
     * @param kinds the state array kinds this optimizer keeps, e.g. {@code momentum_buffer}
     * @param counted whether it keeps a step counter per parameter
     * @param baseLr the configured learning rate, the one {@code fix_lr} parameters keep
     */
    StatefulOptimizer(List<String> kinds, boolean counted, double baseLr) {
        this.kinds = List.copyOf(kinds);
        this.counted = counted;
        this.baseLr = baseLr;
    }

    @Override
    public final double baseLr() {
        return baseLr;
    }

    @Override
    public final void step(List<OptimParam> params, double lr, NDManager scratch) {
        requireNonNull(params, "params is null");
        requireNonNull(scratch, "scratch is null");
        try {
            for (OptimParam p : params) {
                NDArray w = p.parameter().getArray();
                NDArray g = gradient(w, scratch);
                if (g != null) {
                    update(p, w, g, p.lr(lr, baseLr), scratch);
                }
            }
        } finally {
            // The arrays belong to the scratch manager, which closes them after the step.
            scalars.clear();
        }
    }

    /**
     * A 0-d array holding {@code value} in {@code like}'s data type, created once per step in the scratch manager.
     * {@code x.mul(scalar(v, x, s))} computes exactly what {@code x.mul(v)} does: DJL's {@code mul(Number)} creates a
     * float64 0-d array, which libtorch first casts to {@code x}'s type (0-d operands do not promote), as PyTorch casts
     * a Python float. Creating it in that type once saves the allocation and the cast per parameter and operation.
     *
     * @param value the number
     * @param like the array it will be combined with
     * @param scratch the step's manager
     * @return the array; do not modify or close it
     */
    NDArray scalar(double value, NDArray like, NDManager scratch) {
        DataType type = like.getDataType();
        return scalars.computeIfAbsent(new ScalarKey(value, type), k -> {
            NDArray wide = scratch.create(value);
            if (type == DataType.FLOAT64) {
                return wide;
            }
            NDArray cast = wide.toType(type, false);
            wide.close();
            return cast;
        });
    }

    /** A cached scalar's value and type. */
    private record ScalarKey(double value, DataType type) {}

    /**
     * Subtracts {@code scale * d} from {@code w} in place, freeing the product at once: freed right away, the
     * allocator hands the same memory, still in cache, to the next parameter's product, where a product kept until
     * the step's manager closes is fresh memory the size of the whole model (page faults, cache misses).
     *
     * @param w the parameter array
     * @param d the update direction
     * @param scale the factor, e.g. the learning rate
     * @param scratch the step's manager
     */
    void subScaled(NDArray w, NDArray d, double scale, NDManager scratch) {
        try (NDArray step = d.mul(scalar(scale, d, scratch))) {
            w.subi(step);
        }
    }

    /**
     * {@code g + wd * w} as a new temporary (summed into the product: the same floats, one allocation fewer), or
     * {@code g} itself when {@code wd} is 0; the caller closes a temporary as soon as it is done with it.
     *
     * @param g the gradient
     * @param w the parameter array
     * @param wd the weight decay
     * @param scratch the step's manager
     * @return the decayed gradient
     */
    NDArray decayed(NDArray g, NDArray w, double wd, NDManager scratch) {
        return wd == 0 ? g : own(w.mul(scalar(wd, w, scratch)), scratch).addi(g);
    }

    /**
     * Updates one parameter in place.
     *
     * @param p the parameter and its multipliers
     * @param w its array
     * @param g its gradient, in the scratch manager
     * @param lr its learning rate this step (see {@link OptimParam#lr})
     * @param scratch the step's manager, for temporaries
     */
    abstract void update(OptimParam p, NDArray w, NDArray g, double lr, NDManager scratch);

    // ---- helpers for step() ------------------------------------------------------------------------------------

    /**
     * The gradient of a parameter array, moved to the scratch manager so the wrapper DJL creates does not stay in
     * the model's manager.
     *
     * @param weight the parameter array
     * @param scratch the step's manager
     * @return the gradient, or null when the array takes none
     */
    static NDArray gradient(NDArray weight, NDManager scratch) {
        if (!weight.hasGradient()) {
            return null;
        }
        return own(weight.getGradient(), scratch);
    }

    /**
     * Moves a temporary to the scratch manager unless it is already there.
     *
     * @param array the temporary
     * @param scratch the step's manager
     * @return the same array
     */
    static NDArray own(NDArray array, NDManager scratch) {
        if (array.getManager() != scratch) {
            array.attach(scratch);
        }
        return array;
    }

    /**
     * A state array, checked against the parameter the first time it is used after {@link #loadState}.
     *
     * @param param the parameter name
     * @param kind the state kind
     * @param weight the parameter array
     * @return the array, or null when there is none yet
     */
    NDArray buffer(String param, String kind, NDArray weight) {
        String key = param + "." + kind;
        NDArray buf = buffers.get(key);
        if (buf != null && unchecked.remove(key)) {
            if (!buf.getShape().equals(weight.getShape())) {
                throw new IllegalStateException("optimizer state '" + key + "' has shape " + buf.getShape()
                        + " but parameter '" + param + "' has shape " + weight.getShape()
                        + "; the checkpoint belongs to a different model");
            }
            if (!buf.getDevice().equals(weight.getDevice()) || buf.getDataType() != weight.getDataType()) {
                NDArray moved = buf.getDevice().equals(weight.getDevice())
                        ? buf.duplicate() : buf.toDevice(weight.getDevice(), true);
                if (moved.getDataType() != weight.getDataType()) {
                    NDArray cast = moved.toType(weight.getDataType(), true);
                    moved.close();
                    moved = cast;
                }
                keep(param, kind, moved, weight);
                buf = moved;
            }
        }
        return buf;
    }

    /**
     * Stores (or replaces, closing the old one) a state array in the state manager.
     *
     * @param param the parameter name
     * @param kind the state kind
     * @param array the array; it moves to the state manager
     * @param weight the parameter array, whose manager parents a lazily created state manager
     */
    void keep(String param, String kind, NDArray array, NDArray weight) {
        NDManager m = stateManager(weight);
        array.attach(m);
        NDArray old = buffers.put(param + "." + kind, array);
        if (old != null && old != array) {
            old.close();
        }
    }

    /**
     * Advances and returns the step counter of a parameter (1 on its first step, as PyTorch's {@code state['step']}).
     *
     * @param param the parameter name
     * @return the new count
     */
    long nextStep(String param) {
        long s = steps.getOrDefault(param, 0L) + 1;
        steps.put(param, s);
        return s;
    }

    /**
     * torch's SGD momentum on an update direction {@code d} (the shared part of {@code SGD} and {@code LARS}):
     * {@code buf = d} on the first step, then {@code buf = momentum * buf + (1 - dampening) * d}; returns
     * {@code d + momentum * buf} with Nesterov, else {@code buf}. The buffer is kept as
     * {@code <param>.momentum_buffer}.
     *
     * @param param the parameter name
     * @param d the update direction, in the scratch manager
     * @param weight the parameter array
     * @param momentum the momentum factor, not 0
     * @param dampening the dampening
     * @param nesterov whether to use Nesterov momentum
     * @param scratch the step's manager
     * @return the direction to apply: the live buffer without Nesterov, so do not modify it; with Nesterov a new
     *     temporary in the scratch manager
     */
    NDArray momentum(String param, NDArray d, NDArray weight, double momentum, double dampening, boolean nesterov,
            NDManager scratch) {
        NDArray buf = buffer(param, MOMENTUM_BUFFER, weight);
        if (buf == null) {
            buf = d.duplicate();
            keep(param, MOMENTUM_BUFFER, buf, weight);
        } else {
            buf.muli(scalar(momentum, buf, scratch));
            if (dampening == 0) {
                buf.addi(d);
            } else {
                try (NDArray damped = d.mul(scalar(1 - dampening, d, scratch))) {
                    buf.addi(damped);
                }
            }
        }
        // momentum * buf + d is the same float as d + momentum * buf; adding into the product saves a temporary.
        return nesterov ? own(buf.mul(scalar(momentum, buf, scratch)), scratch).addi(d) : buf;
    }

    private NDManager stateManager(NDArray weight) {
        if (stateManager == null || !stateManager.isOpen()) {
            stateManager = weight.getManager().newSubManager();
        }
        return stateManager;
    }

    // ---- Optimizer state ---------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>The arrays are live: they belong to this optimizer, must not be closed by the caller, and are valid until the
     * next step (which updates them in place or, for AMSGrad's maximum, replaces them); save them before stepping. Step counters are 0-d float32 arrays, as PyTorch stores them (exact up to 2^24 steps).
     */
    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>(buffers);
        if (counted) {
            for (Map.Entry<String, Long> e : steps.entrySet()) {
                String key = e.getKey() + "." + STEP;
                float value = e.getValue();
                NDArray arr = stepArrays.get(key);
                if (arr == null || arr.isReleased()) {
                    // A counter exists only after a step or a load, both of which made the state manager.
                    arr = requireNonNull(stateManager, "stateManager is null").create(value);
                    stepArrays.put(key, arr);
                } else {
                    arr.set(new float[] {value});
                }
                out.put(key, arr);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Replaces all current state. Copies go to a new sub-manager of {@code manager} (on its device; they move to
     * a parameter's device and type on first use if those differ). Keys must end in one of this optimizer's state
     * kinds; shapes are checked against the parameters on the next step.
     *
     * @throws IllegalArgumentException for a key this optimizer does not keep
     */
    @Override
    public void loadState(Map<String, NDArray> state, NDManager manager) {
        requireNonNull(state, "state is null");
        requireNonNull(manager, "manager is null");
        Map<String, NDArray> newBuffers = new LinkedHashMap<>();
        Map<String, Long> newSteps = new LinkedHashMap<>();
        NDManager newManager = manager.newSubManager();
        try {
            for (Map.Entry<String, NDArray> e : state.entrySet()) {
                String key = e.getKey();
                NDArray value = requireNonNull(e.getValue(), () -> "state '" + key + "' is null");
                if (counted && key.endsWith("." + STEP)) {
                    newSteps.put(key.substring(0, key.length() - STEP.length() - 1), readCount(key, value));
                    continue;
                }
                if (kinds.stream().noneMatch(k -> key.endsWith("." + k))) {
                    throw new IllegalArgumentException("optimizer state '" + key + "' is not kept by "
                            + getClass().getSimpleName() + " (expected <param>." + String.join(", <param>.", kinds)
                            + (counted ? ", <param>." + STEP : "") + "); was it saved by another optimizer?");
                }
                NDArray copy = value.getDevice().equals(manager.getDevice())
                        ? value.duplicate() : value.toDevice(manager.getDevice(), true);
                copy.attach(newManager);
                newBuffers.put(key, copy);
            }
        } catch (RuntimeException ex) {
            newManager.close();
            throw ex;
        }
        close();
        stateManager = newManager;
        buffers.putAll(newBuffers);
        steps.putAll(newSteps);
        unchecked.addAll(newBuffers.keySet());
    }

    private static long readCount(String key, NDArray value) {
        if (value.size() != 1) {
            throw new IllegalArgumentException("optimizer state '" + key + "' must hold one number, got shape "
                    + value.getShape());
        }
        double d = value.getDataType() == DataType.FLOAT64 || value.getDataType() == DataType.FLOAT32
                ? value.toArray()[0].doubleValue() : value.toArray()[0].longValue();
        if (d < 0 || d != Math.rint(d)) {
            throw new IllegalArgumentException("optimizer state '" + key + "' must be a non-negative count, got " + d);
        }
        return (long) d;
    }

    /** Frees all state; the next step starts from scratch (as a fresh PyTorch optimizer would). */
    @Override
    public void close() {
        if (stateManager != null && stateManager.isOpen()) {
            stateManager.close();
        }
        stateManager = null;
        buffers.clear();
        steps.clear();
        stepArrays.clear();
        unchecked.clear();
    }
}
