package org.pretrain4j.cli;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HookFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.Hook;
import org.pretrain4j.api.train.RunInfo;

/** A test hook that kills a run at a given iteration, standing in for Ctrl-C or a crash. */
@SuppressWarnings("rawtypes")
@AutoService(HookFactory.class)
public final class CrashHookFactory implements HookFactory<Integer> {
    /** Thrown by the hook. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(long iteration) {
            super("simulated crash after iteration " + iteration);
        }
    }

    @Override
    public String typeName() {
        return "CrashAtIteration";
    }

    @Override
    public String summary() {
        return "Test hook: throws after the given training iteration.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(ParamDoc.required("iteration", "int", "iteration after which to throw"));
    }

    @Override
    public Example example() {
        return Example.of("iteration = 1", new Shape());
    }

    @Override
    public Integer parseConfig(ConfigView config) {
        return config.getInt("iteration");
    }

    @Override
    public Hook create(Integer iteration, BuildContext context) {
        return new Hook() {
            @Override
            public void afterTrainIter(RunInfo info) {
                if (info.iteration() == iteration) {
                    throw new Crash(info.iteration());
                }
            }
        };
    }
}
