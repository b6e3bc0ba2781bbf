/**
 * Finds component factories through {@link java.util.ServiceLoader}, one registry per kind, with case-insensitive
 * lookup and fail-fast duplicate detection.
 */
package org.pretrain4j.core.registry;
