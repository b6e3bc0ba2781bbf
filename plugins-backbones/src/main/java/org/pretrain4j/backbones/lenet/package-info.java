/** mmpretrain's {@code LeNet5} backbone, with mmpretrain's parameter names ({@code features.0.weight}). */
package org.pretrain4j.backbones.lenet;
