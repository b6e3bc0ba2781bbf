package org.pretrain4j.core.benchmark;

import ai.djl.engine.Engine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import org.pretrain4j.api.Pretrain4jException;

/**
 * libtorch's autograd profiler around a piece of work, through DJL's PyTorch engine ({@code JniUtils.startProfile}
 * and {@code stopProfile}, looked up reflectively because framework-core does not compile against an engine). The
 * output is a Chrome trace: a JSON list of {@code {"name", "ts", "dur", "tid", "shape", ...}} events, one per operator
 * call, nested ones included; {@code bench/profile_summary.py} turns it (and PyTorch's own traces) into a table of
 * self time per operator.
 */
final class NativeProfiler {
    private static final String JNI_UTILS = "ai.djl.pytorch.jni.JniUtils";

    private NativeProfiler() {}

    /**
     * Runs {@code work} with the profiler on (input shapes recorded, no memory profiling) and writes the trace.
     *
     * @param trace the file to write
     * @param work what to profile
     * @throws Pretrain4jException when the engine is not PyTorch
     */
    static void profile(Path trace, Runnable work) {
        String engine = Engine.getInstance().getEngineName();
        Method start;
        Method stop;
        try {
            Class<?> jni = Class.forName(JNI_UTILS);
            start = jni.getMethod("startProfile", boolean.class, boolean.class, boolean.class);
            stop = jni.getMethod("stopProfile", String.class);
        } catch (ReflectiveOperationException e) {
            throw new Pretrain4jException("profiling needs DJL's PyTorch engine (" + JNI_UTILS + "), engine is "
                    + engine, e);
        }
        invoke(start, false, true, false);
        try {
            work.run();
        } finally {
            invoke(stop, trace.toAbsolutePath().toString());
        }
    }

    private static void invoke(Method method, Object... args) {
        try {
            method.invoke(null, args);
        } catch (IllegalAccessException e) {
            throw new Pretrain4jException("cannot call " + JNI_UTILS + "." + method.getName(), e);
        } catch (InvocationTargetException e) {
            throw new Pretrain4jException("libtorch's profiler failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
