package dev.kenning.learner.images;

import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.EpisodeSampler;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prototypical networks (Snell, Swersky &amp; Zemel, NeurIPS 2017), with and without knowledge.
 * Training draws episodes from the base classes; a query is classified by the softmax over
 * minus its squared distance to each class's prototype, the mean support embedding.
 * <p>With knowledge, two things change, both from the rules' constraints:
 * <ul>
 *   <li>training adds the logic loss over [class truth, attribute head]: on labelled images the
 *       class outputs are the labels, so class ⇒ attribute and class ⇒ ¬attribute teach the
 *       attribute head, and (attributes of a held-out class) ⇒ that class, false on every base
 *       image, teaches it what the held-out classes are not — from their description alone;</li>
 *   <li>testing adds a second prototype per class, in attribute space: the mean attribute
 *       probabilities of its support images, optionally with the graph's profile of the class
 *       counted as {@code prior} more images ({@link ClassKnowledge#attributePrototype}). A
 *       query's log-likelihood under it, times {@code weight / shots}, is added to the logit: the
 *       attribute evidence counts most when there is one image per class.</li>
 * </ul>
 */
public final class FewShot {
    static final String PROTO_AVG = "proto_avg";
    static final String QUERY_SELECT = "query_select";
    static final String QUERY_LABELS = "query_labels";
    static final String CLASS_TRUTH = "class_truth";

    private FewShot() {
    }

    public record Episodes(int ways, int shots, int queries) {
    }

    /**
     * Trains {@code network} on episodes of {@code baseLabels}.
     *
     * @param knowledge null for the plain prototypical network
     */
    public static Trainer.Trained train(String phase, ImageNetwork network, LabelledImages train, List<Integer> baseLabels,
                                             Episodes episodes, ClassKnowledge knowledge, double knowledgeWeight,
                                             Trainer trainer, long seed, ProgressListener progress) {
        SameDiff sd = network.graph();
        SDVariable embedding = sd.getVariable(ImageNetwork.EMBEDDING);
        List<Trainer.Term> terms = new ArrayList<>();
        terms.add(new Trainer.Term("prototypical", prototypicalLoss(sd, embedding), 1.0));
        List<String> inputs = new ArrayList<>(List.of(ImageNetwork.INPUT, PROTO_AVG, QUERY_SELECT, QUERY_LABELS));
        if (knowledge != null) {
            terms.add(new Trainer.Term("knowledge", knowledgeLoss(sd, knowledge), knowledgeWeight));
            inputs.add(CLASS_TRUTH);
        }
        EpisodeSampler sampler = new EpisodeSampler(train, baseLabels, episodes.ways(), episodes.shots(), episodes.queries(), seed);
        int classes = knowledge == null ? 0 : knowledge.classOutputs().size();
        return trainer.train(phase, phase, network, terms, Trainer.Inputs.features(inputs),
                step -> feed(network, train, sampler.next(), classes), progress);
    }

    /** Cross-entropy of the queries under softmax(−‖q − c_k‖²). */
    private static SDVariable prototypicalLoss(SameDiff sd, SDVariable embedding) {
        SDVariable avg = sd.placeHolder(PROTO_AVG, DataType.FLOAT, -1, -1);
        SDVariable select = sd.placeHolder(QUERY_SELECT, DataType.FLOAT, -1, -1);
        SDVariable labels = sd.placeHolder(QUERY_LABELS, DataType.FLOAT, -1, -1);
        SDVariable prototypes = avg.mmul(embedding);
        SDVariable queries = select.mmul(embedding);
        SDVariable qq = queries.mul(queries).sum(true, 1);
        SDVariable pp = prototypes.mul(prototypes).sum(true, 1);
        SDVariable distance = qq.sub(sd.mmul(queries, prototypes, false, true, false).mul(2)).add(sd.transpose(pp));
        SDVariable logits = distance.neg();
        SDVariable max = logits.max(true, 1);
        SDVariable logSoftmax = logits.sub(max).sub(sd.math().log(sd.math().exp(logits.sub(max)).sum(true, 1)));
        return labels.mul(logSoftmax).sum(1).mean().neg();
    }

    /** The logic loss over [class truth (fed: the labels), attribute head]. */
    static SDVariable knowledgeLoss(SameDiff sd, ClassKnowledge knowledge) {
        if (knowledge.logic().isEmpty()) {
            throw new IllegalArgumentException("the rules derived no class/attribute constraint over the outputs "
                    + knowledge.classOutputs() + " and " + knowledge.attributes());
        }
        SDVariable truth = sd.placeHolder(CLASS_TRUTH, DataType.FLOAT, -1, knowledge.classOutputs().size());
        SDVariable all = sd.concat(1, truth, sd.getVariable(ImageNetwork.ATTRIBUTES));
        // the class truths are the labels: constraints among classes alone (their disjointness) teach nothing
        return knowledge.logic().loss(sd, all, "knowledge", Set.copyOf(knowledge.classOutputs()));
    }

    private static Map<String, INDArray> feed(ImageNetwork network, LabelledImages data, EpisodeSampler.Episode e, int classes) {
        int ways = e.classes().length;
        int nSupport = e.support().length;
        int nQuery = e.query().length;
        int[] all = new int[nSupport + nQuery];
        System.arraycopy(e.support(), 0, all, 0, nSupport);
        System.arraycopy(e.query(), 0, all, nSupport, nQuery);
        float[] avg = new float[ways * all.length];
        for (int s = 0; s < nSupport; s++) {
            avg[(s / e.shots()) * all.length + s] = 1f / e.shots();
        }
        float[] select = new float[nQuery * all.length];
        float[] labels = new float[nQuery * ways];
        for (int q = 0; q < nQuery; q++) {
            select[q * all.length + nSupport + q] = 1;
            labels[q * ways + e.queryClass(q)] = 1;
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(ImageNetwork.INPUT, network.batch(data, all));
        feed.put(PROTO_AVG, Nd4j.create(avg, new long[]{ways, all.length}, 'c'));
        feed.put(QUERY_SELECT, Nd4j.create(select, new long[]{nQuery, all.length}, 'c'));
        feed.put(QUERY_LABELS, Nd4j.create(labels, new long[]{nQuery, ways}, 'c'));
        if (classes > 0) {
            feed.put(CLASS_TRUTH, oneHot(data, all, classes));
        }
        return feed;
    }

    static INDArray oneHot(LabelledImages data, int[] index, int classes) {
        float[] t = new float[index.length * classes];
        for (int i = 0; i < index.length; i++) {
            t[i * classes + data.labels()[index[i]]] = 1;
        }
        return Nd4j.create(t, new long[]{index.length, classes}, 'c');
    }

    /** Per-episode accuracy on the test pool, and the confusion counts [true label][predicted label]. */
    public record Evaluation(double[] accuracy, long[][] confusion) {
    }

    /**
     * How the knowledge scores a query at test time: attribute prototypes over the {@code usable}
     * attributes (see {@link ClassKnowledge#learnableFrom}), with the graph's profile counted as
     * {@code prior} support images, added to the prototype logits with {@code weight / shots}.
     */
    public record AttributeEvidence(ClassKnowledge knowledge, boolean[] usable, double prior, double weight) {
    }

    /**
     * Accuracy over {@code count} episodes from {@code sampler} (drawn from {@code pool}).
     * Embeddings (and attribute probabilities) of the whole pool are computed once.
     *
     * @param evidence null to classify by the embedding prototypes alone
     */
    public static Evaluation evaluate(ImageNetwork network, LabelledImages pool, EpisodeSampler sampler, int count,
                                      AttributeEvidence evidence, int labels) {
        int[] everything = new int[pool.size()];
        for (int i = 0; i < everything.length; i++) {
            everything[i] = i;
        }
        boolean attributes = evidence != null && evidence.weight() > 0;
        Map<String, float[][]> out = attributes
                ? network.outputs(pool, everything, ImageNetwork.EMBEDDING, ImageNetwork.ATTRIBUTES)
                : network.outputs(pool, everything, ImageNetwork.EMBEDDING);
        float[][] emb = out.get(ImageNetwork.EMBEDDING);
        float[][] attrs = out.get(ImageNetwork.ATTRIBUTES);
        double[] accuracy = new double[count];
        long[][] confusion = new long[labels][labels];
        for (int n = 0; n < count; n++) {
            EpisodeSampler.Episode e = sampler.next();
            int ways = e.classes().length;
            double[][] proto = new double[ways][];
            for (int k = 0; k < ways; k++) {
                float[][] support = new float[e.shots()][];
                for (int s = 0; s < e.shots(); s++) {
                    support[s] = emb[e.support()[k * e.shots() + s]];
                }
                proto[k] = prototype(support);
            }
            double[][] attributeProto = attributes ? attributePrototypes(e, attrs, evidence) : null;
            double[] attributeWeight = new double[ways];
            java.util.Arrays.fill(attributeWeight, attributes ? evidence.weight() / e.shots() : 0);
            int correct = 0;
            for (int q = 0; q < e.query().length; q++) {
                int img = e.query()[q];
                double[] logit = logits(emb[img], attributes ? attrs[img] : null, proto, attributeProto, attributeWeight);
                int best = argmax(logit);
                confusion[e.classes()[e.queryClass(q)]][e.classes()[best]]++;
                if (best == e.queryClass(q)) {
                    correct++;
                }
            }
            accuracy[n] = correct / (double) e.query().length;
        }
        return new Evaluation(accuracy, confusion);
    }

    /** A class's prototype: the mean of its support images' embeddings. */
    public static double[] prototype(float[][] supportEmbeddings) {
        double[] p = new double[supportEmbeddings[0].length];
        for (float[] v : supportEmbeddings) {
            for (int d = 0; d < p.length; d++) {
                p[d] += v[d] / (double) supportEmbeddings.length;
            }
        }
        return p;
    }

    /**
     * A query's logit for each class of an episode: minus its embedding's squared distance to the
     * class's prototype (the mean support embedding), plus, with attribute evidence, the class's
     * {@code attributeWeight} times the log-likelihood of the query's attribute probabilities
     * under the class's attribute prototype ({@link ClassKnowledge#attributeLogLikelihood}). The
     * run's test episodes and an exported model's predictions both score through here.
     *
     * @param attributes      the query's attribute probabilities, or null to score by the embedding alone
     * @param attributeProto  per class, its attribute prototype, or null with {@code attributes}
     * @param attributeWeight per class, the evidence's weight divided by the class's support images
     */
    public static double[] logits(float[] embedding, float[] attributes, double[][] prototypes, double[][] attributeProto,
                                  double[] attributeWeight) {
        double[] logit = new double[prototypes.length];
        for (int k = 0; k < prototypes.length; k++) {
            double d2 = 0;
            for (int d = 0; d < embedding.length; d++) {
                double diff = embedding[d] - prototypes[k][d];
                d2 += diff * diff;
            }
            logit[k] = -d2;
            if (attributes != null) {
                logit[k] += attributeWeight[k] * ClassKnowledge.attributeLogLikelihood(attributes, attributeProto[k]);
            }
        }
        return logit;
    }

    private static double[][] attributePrototypes(EpisodeSampler.Episode e, float[][] attrs, AttributeEvidence evidence) {
        double[][] prototypes = new double[e.classes().length][];
        for (int k = 0; k < prototypes.length; k++) {
            float[][] support = new float[e.shots()][];
            for (int s = 0; s < e.shots(); s++) {
                support[s] = attrs[e.support()[k * e.shots() + s]];
            }
            prototypes[k] = evidence.knowledge().attributePrototype(e.classes()[k], support, evidence.usable(), evidence.prior());
        }
        return prototypes;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
