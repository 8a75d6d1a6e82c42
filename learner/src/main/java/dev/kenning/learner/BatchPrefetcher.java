package dev.kenning.learner;

import dev.kenning.datasets.Video;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Assembles training batches on a thread of its own, a bounded number ahead of the step that
 * takes them, so the step does not wait for the copy into native memory. The batches are the
 * ones a single thread would make, in the order and with the changes of a {@link BatchPlan}.
 * {@link #secondsWaiting()} is how long the steps waited for data.
 */
final class BatchPrefetcher implements AutoCloseable {
    /**
     * One step's input: frames as NCHW and, when a term needs it, the truth as [sequences, frames];
     * when the windows take their frames at several steps, which takes which ({@link SequenceTraining#stepChoice}).
     */
    record Batch(INDArray frames, INDArray truth, INDArray steps) {
        void close() {
            frames.close();
            if (truth != null) {
                truth.close();
            }
            if (steps != null) {
                steps.close();
            }
        }
    }

    private static final Batch END = new Batch(null, null, null);
    private final BlockingQueue<Object> queue;
    private final Thread worker;
    private long nanosWaiting;

    /** {@code frameSteps}: the windows' frame steps when there are several (null for one). */
    BatchPrefetcher(SequenceRegressor model, List<Video> train, BatchPlan plan, boolean withTruth, int[] frameSteps,
                    int steps, int ahead) {
        this.queue = new ArrayBlockingQueue<>(ahead);
        this.worker = new Thread(() -> fill(model, train, plan, withTruth, frameSteps, steps),
                "kenning-batches");
        worker.setDaemon(true);
        worker.start();
    }

    private void fill(SequenceRegressor model, List<Video> train, BatchPlan plan, boolean withTruth, int[] frameSteps,
                      int steps) {
        try {
            for (int step = 0; step < steps; step++) {
                BatchPlan.Step planned = plan.next();
                List<Video> batch = new ArrayList<>(planned.windows().length);
                for (int w : planned.windows()) {
                    batch.add(train.get(w));
                }
                Batch next = new Batch(model.batch(batch, planned.changes()), withTruth ? SequenceTraining.truthOf(batch) : null,
                        frameSteps == null ? null : SequenceTraining.stepChoice(batch, frameSteps));
                try {
                    queue.put(next);
                } catch (InterruptedException e) {
                    next.close();
                    return;
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            queue.offer(e);
        }
    }

    /** The next batch; the caller closes it. */
    Batch next() {
        long t0 = System.nanoTime();
        try {
            Object o = queue.take();
            nanosWaiting += System.nanoTime() - t0;
            if (o instanceof Batch b && b != END) {
                return b;
            }
            if (o instanceof RuntimeException e) {
                throw e;
            }
            if (o instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("no more batches: the prefetcher made only the steps it was asked for");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
    }

    double secondsWaiting() {
        return nanosWaiting / 1e9;
    }

    /** Stops the worker and frees the batches it made ahead. */
    @Override
    public void close() {
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Object o : queue) {
            if (o instanceof Batch b && b != END) {
                b.close();
            }
        }
        queue.clear();
    }
}
