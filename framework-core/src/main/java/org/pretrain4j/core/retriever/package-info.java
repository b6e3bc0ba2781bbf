/**
 * {@code ImageToImageRetriever}: an image encoder matched against a gallery (prototype) by batched similarity
 * search, the gallery's feature files, and mmpretrain's retrieval hook.
 */
package org.pretrain4j.core.retriever;
