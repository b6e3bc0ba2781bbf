/**
 * The framework's engine: registry and plugin loading, config loading, model building and inspection, and the
 * built-in top-level task models. It knows the API, never a concrete plugin.
 */
package org.pretrain4j.core;
