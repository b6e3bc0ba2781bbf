package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Numbers as operands of differentiable arithmetic. DJL 0.36's {@code mul(Number)}, {@code div(Number)},
 * {@code pow(Number)}, {@code maximum(Number)} and {@code minimum(Number)} wrap the number in a 0-d tensor whose
 * memory is a Java direct buffer, run the operation and close that tensor at once. Autograd keeps the operand for the
 * backward pass (the gradient of {@code x * c} is {@code c}), but nothing on the Java side references the buffer any
 * more, so a garbage collection between forward and backward frees memory that backward then reads: gradients
 * become garbage, at random (framework-core's {@code ScalarsTest} forces a collection there). The 0-d tensors made
 * here live in memory libtorch owns and counts references to, so autograd keeps them alive. Use them wherever the
 * operation may be differentiated; {@code add} and {@code sub} of a number are safe (their gradients do not read the
 * number).
 */
public final class Scalars {
    private Scalars() {}

    /**
     * A 0-d tensor holding {@code value} in {@code like}'s type, on its device, in its manager.
     *
     * @param like the array the value will be combined with
     * @param value the number
     * @return a 0-d array whose memory libtorch owns
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
