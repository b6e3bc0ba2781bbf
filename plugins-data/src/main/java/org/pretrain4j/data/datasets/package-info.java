/**
 * Datasets: {@code FashionMNIST} and {@code MNIST} (IDX files, gzipped or raw), {@code CIFAR10} and {@code CIFAR100}
 * (the binary version), {@code CustomDataset} (an ImageFolder layout or an annotation file, single- or multi-label)
 * and {@code MultiLabelDataset} (mmengine-style JSON annotations with class sets). Array datasets keep
 * every pixel in memory and validate their files when they are built, so a broken file fails at start-up with its
 * name rather than in the middle of an epoch.
 */
package org.pretrain4j.data.datasets;
