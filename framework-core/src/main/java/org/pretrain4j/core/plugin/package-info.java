/**
 * Third-party plugins: one directory per plugin under a plugins directory, each on its own child-first class loader
 * that shares only the framework API, DJL, SLF4J and Typesafe Config with the framework, as Trino's plugin class
 * loaders do.
 */
package org.pretrain4j.core.plugin;
