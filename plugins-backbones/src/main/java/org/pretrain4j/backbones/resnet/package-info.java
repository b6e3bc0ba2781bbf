/**
 * The ResNet family as in mmpretrain: {@code ResNet} (ResNet-V1b, with the {@code deep_stem} / {@code avg_down}
 * options), {@code ResNet_CIFAR}, {@code ResNetV1c} and {@code ResNetV1d} (those options fixed), {@code ResNeXt}
 * (grouped bottlenecks) and {@code SEResNet} (squeeze-and-excitation bottlenecks), all built by one {@link
 * org.pretrain4j.backbones.resnet.ResNet} class from one config record.
 *
 * <p>Child blocks carry mmpretrain's state-dict names ({@code conv1}, {@code bn1}, {@code layer1.0.conv1},
 * {@code layer2.0.downsample.0}, {@code stem.0.conv}, {@code layer1.0.se_layer.conv1.conv}, ...), so that DJL parameter
 * paths map one to one onto checkpoint keys such as {@code backbone.layer1.0.conv1.weight}.
 */
package org.pretrain4j.backbones.resnet;
