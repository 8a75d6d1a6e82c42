/**
 * Benchmarks as programs that print numbers: Kenning's training step timed beside a PyTorch
 * reference of the same network, loss and data ({@code bench/torch_reference.py}), and a memory
 * soak over long runs. Run with {@code bench/run}; never part of the test suite.
 */
package dev.kenning.bench;
