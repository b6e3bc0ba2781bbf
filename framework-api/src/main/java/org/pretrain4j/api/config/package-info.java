/**
 * The typed view of HOCON config that factories read, and the error that points at the offending config line.
 */
package org.pretrain4j.api.config;
