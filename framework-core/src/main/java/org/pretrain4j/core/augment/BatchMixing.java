package org.pretrain4j.core.augment;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.function.Function;

/** The NDArray plumbing Mixup and CutMix share: shape checks, a scratch manager, row permutation, target mixing. */
final class BatchMixing {
    private BatchMixing() {}

    /** Checks that inputs are {@code (N, C, H, W)} and targets {@code (N, K)} with the same N. */
    static void checkShapes(String name, NDArray inputs, NDArray targets) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(targets, "targets is null");
        if (inputs.getShape().dimension() != 4 || targets.getShape().dimension() != 2
                || inputs.getShape().get(0) != targets.getShape().get(0)) {
            throw new IllegalArgumentException(name + " expects inputs (N, C, H, W) and one-hot targets (N, classes), "
                    + "got " + inputs.getShape() + " and " + targets.getShape()
                    + "; targets must be dense (set num_classes so the data preprocessor builds one-hot rows)");
        }
    }

    /**
     * Runs {@code body} with the inputs and targets temporarily attached to a scratch sub-manager, then moves the
     * two results to the inputs' manager and frees every intermediate (the permuted copies, the scaled terms) at
     * once instead of leaving them to the end of the training step.
     */
    static NDList inScratch(NDArray inputs, NDArray targets, Function<NDManager, NDList> body) {
        NDManager home = inputs.getManager();
        try (NDManager scratch = home.newSubManager()) {
            inputs.tempAttach(scratch);
            targets.tempAttach(scratch);
            NDList out = body.apply(scratch);
            out.attach(home);
            return out;
        }
    }

    /** Rows of {@code x} in the order of {@code perm}, i.e. {@code x[perm]}. */
    static NDArray permuteRows(NDArray x, NDArray perm) {
        return x.get(new NDIndex("{}", perm));
    }

    /** {@code lam * targets + (1 - lam) * targets[perm]}, data operand first. */
    static NDArray mixTargets(NDArray targets, NDArray perm, double lam) {
        return targets.mul((float) lam).add(permuteRows(targets, perm).mul((float) (1 - lam)));
    }
}
