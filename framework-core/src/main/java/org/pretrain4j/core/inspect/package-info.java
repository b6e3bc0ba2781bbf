/**
 * Reads a built block tree for people: module names in checkpoint spelling, parameter counts and output shapes.
 */
package org.pretrain4j.core.inspect;
