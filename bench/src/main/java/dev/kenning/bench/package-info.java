/**
 * Benchmarks as programs that print numbers: Kenning's training step timed beside a PyTorch
 * reference of the same network, loss and data ({@code bench/torch_reference.py}), a memory
 * soak over long runs, and the speed and memory of reading image folders and footage. Run with {@code bench/run}; never part of the test suite.
 */
package dev.kenning.bench;
