/**
 * Throughput benchmarks of models built from configs, and a hand-written raw-DJL baseline to compare them with:
 * images per second, where a step's time goes (data, forward, backward, optimizer), resident memory over the run,
 * and achieved GFLOP/s against a matmul roofline measured in the same process. The {@code benchmark} command of
 * the CLI prints what {@link org.pretrain4j.core.benchmark.Benchmark} measures; {@code bench/compare.sh} puts it
 * next to PyTorch eager.
 */
package org.pretrain4j.core.benchmark;
