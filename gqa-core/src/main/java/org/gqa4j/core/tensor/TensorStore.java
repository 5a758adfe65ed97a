package org.gqa4j.core.tensor;

import java.nio.file.Path;
import java.util.Set;

/**
 * Named tensors on disk, read one at a time: one safetensors file or a sharded set of them.
 * The header is validated when the store is opened; {@link #read} loads one tensor.
 */
public interface TensorStore extends AutoCloseable {

    /** Every tensor name. */
    Set<String> names();

    /** The header entry of a tensor, or null when there is none of that name. */
    TensorEntry entry(String name);

    /** The file holding a tensor. */
    Path fileOf(String name);

    /** Every file of the store (for provenance: names and hashes). */
    java.util.List<Path> files();

    /** The tensor widened to float32; an {@link org.gqa4j.core.InputException} for a missing or non-float tensor. */
    FloatTensor read(String name);

    @Override
    void close();
}
