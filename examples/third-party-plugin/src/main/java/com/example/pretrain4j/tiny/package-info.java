/**
 * An example third-party pretrain4j plugin, built against {@code framework-api} alone: a small convolutional backbone
 * ({@code TinyConvNet}), a global max-pooling neck ({@code TinyGlobalMaxPooling}), a cosine-similarity classification
 * head ({@code TinyCosineClsHead}) with its own softmax focal loss ({@code TinyFocalLoss}), and a two-layer head with a
 * tanh hidden layer ({@code TinyTanhHiddenClsHead}). Type names carry the {@code Tiny} prefix so that they can never
 * clash with the framework's bundled names, which would stop the plugin from loading.
 */
package com.example.pretrain4j.tiny;
