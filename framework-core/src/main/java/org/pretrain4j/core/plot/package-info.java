/**
 * Plots drawn with Java2D on a headless toolkit: the training curves a run redraws in its work directory, the
 * confusion-matrix picture, and the atomic PNG writer they share (a reader never sees a half-written file).
 */
package org.pretrain4j.core.plot;
