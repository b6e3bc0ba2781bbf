/**
 * The component contracts. Every component is a DJL {@link ai.djl.nn.Block}; these interfaces say what its inputs
 * and outputs mean, following mmpretrain's model structure (backbone, neck, head, loss).
 */
package org.pretrain4j.api.model;
