/**
 * Datasets and per-sample transforms, registered through the {@code DatasetFactory} and {@code TransformFactory}
 * SPIs like any third-party data plugin would be.
 */
package org.pretrain4j.data;
