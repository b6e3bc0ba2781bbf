/**
 * A pretrain4j plugin. Its factories are registered with {@code @AutoService}, which writes
 * {@code META-INF/services/org.pretrain4j.api.<Kind>Factory}; the framework finds them there when the jar sits in
 * {@code plugins/<name>/}.
 */
package ${package};
