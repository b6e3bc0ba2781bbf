/**
 * Turns config objects into components: reads {@code type}, picks the factory from the registry, validates the
 * rest of the keys and creates the component, recursively.
 */
package org.pretrain4j.core.build;
