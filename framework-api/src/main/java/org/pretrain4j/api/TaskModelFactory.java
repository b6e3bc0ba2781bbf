package org.pretrain4j.api;

import org.pretrain4j.api.model.TaskModel;

/**
 * Service-provider interface for top-level {@link TaskModel}s such as {@code ImageClassifier}; annotate
 * implementations with {@code @AutoService(TaskModelFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface TaskModelFactory<C> extends ComponentFactory<C, TaskModel> {}
