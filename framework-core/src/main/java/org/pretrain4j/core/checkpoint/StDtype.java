package org.pretrain4j.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The dtypes of the safetensors format with their sizes and DJL counterparts. Every dtype of the spec is known, so a
 * file's layout can be validated even when a tensor cannot be turned into an NDArray; {@link #djlType} is empty
 * where DJL's PyTorch engine would abort the JVM on the type (djl-notes §0-2: BF16, I16, U16, U32, U64).
 */
enum StDtype {
    F64(8, DataType.FLOAT64),
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    /** Decoded to F32 in Java on read. */
    BF16(2, null),
    I64(8, DataType.INT64),
    I32(4, DataType.INT32),
    I16(2, null),
    I8(1, DataType.INT8),
    U64(8, null),
    U32(4, null),
    U16(2, null),
    U8(1, DataType.UINT8),
    BOOL(1, DataType.BOOLEAN),
    F8_E5M2(1, null),
    F8_E4M3(1, null);

    private final int itemSize;
    private final DataType djl;

    StDtype(int itemSize, DataType djl) {
        this.itemSize = itemSize;
        this.djl = djl;
    }

    int itemSize() {
        return itemSize;
    }

    /** The DJL type an array of this dtype is created with, if DJL can hold it natively. */
    Optional<DataType> djlType() {
        return Optional.ofNullable(djl);
    }

    /** Whether {@code read} can produce an NDArray for it (natively, or BF16 through F32). */
    boolean readable() {
        return djl != null || this == BF16;
    }

    static Optional<StDtype> byName(String name) {
        for (StDtype d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The safetensors dtype that stores a DJL array's bytes unchanged. */
    static Optional<StDtype> of(DataType type) {
        if (type == null) {
            return Optional.empty();
        }
        for (StDtype d : values()) {
            if (d.djl == type) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static String readableNames() {
        return Arrays.stream(values()).filter(StDtype::readable).map(Enum::name).collect(Collectors.joining(", "));
    }

    static String allNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
