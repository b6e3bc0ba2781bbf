/**
 * The MobileNets as in mmpretrain: {@code MobileNetV2} and {@code MobileNetV3}, built from the shared
 * {@link org.pretrain4j.backbones.layers.InvertedResidual}, {@link org.pretrain4j.backbones.layers.ConvModule} and
 * {@link org.pretrain4j.backbones.layers.SELayer}.
 *
 * <p>Child blocks carry mmpretrain's state-dict names ({@code conv1.conv.weight}, {@code layer1.0.conv.0.conv.weight},
 * {@code layer1.depthwise_conv.bn.weight}, {@code layer1.se.conv1.conv.bias}, ...). Neither mmpretrain class has an
 * {@code in_channels} key: they assume 3 input channels, while here the stem's input channels come from the input, as
 * for every DJL convolution (a 1-channel Fashion-MNIST batch builds a 1-channel stem).
 */
package org.pretrain4j.backbones.mobilenet;
