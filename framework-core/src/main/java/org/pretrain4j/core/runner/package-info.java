/**
 * The training and evaluation loops behind {@code pretrain4j train} and {@code test}: mmengine's runner, loops and
 * default hooks (checkpointing, logging) on DJL.
 */
package org.pretrain4j.core.runner;
