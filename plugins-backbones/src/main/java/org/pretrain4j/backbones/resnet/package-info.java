/**
 * The ResNet family as in mmpretrain: {@code ResNet} (ResNet-V1b, with the {@code deep_stem} / {@code avg_down}
 * options of V1c/V1d) and {@code ResNet_CIFAR}.
 *
 * <p>Child blocks carry mmpretrain's state-dict names ({@code conv1}, {@code bn1}, {@code layer1.0.conv1},
 * {@code layer2.0.downsample.0}, {@code stem.0.conv}, ...), so that DJL parameter paths map one to one onto
 * checkpoint keys such as {@code backbone.layer1.0.conv1.weight}.
 */
package org.pretrain4j.backbones.resnet;
