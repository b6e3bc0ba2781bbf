/**
 * The config loader: HOCON files with mmengine's inheritance rules ({@code include} as {@code _base_},
 * {@code _delete_}, whole-list replacement, no duplicate keys among sibling bases), {@code --set} overrides, and
 * errors that name the file and line. See {@link org.pretrain4j.core.config.ConfigLoader} and {@code docs/configs.md}.
 */
package org.pretrain4j.core.config;
