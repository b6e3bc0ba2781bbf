/**
 * Pooling necks: {@code GlobalAveragePooling} turns each backbone stage output into one feature vector per sample.
 */
package org.pretrain4j.heads.pooling;
