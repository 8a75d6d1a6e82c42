package dev.kenning.learner.images;

import dev.kenning.constraints.ConstraintCatalogue;
import dev.kenning.constraints.ConstraintKind.Logic;
import dev.kenning.constraints.logic.FormulaSettings;
import dev.kenning.constraints.logic.LogicConstraints;
import dev.kenning.constraints.logic.Semantics;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.knowledge.NameKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the rules derived about a labelled dataset's classes, in the form the image tasks use:
 * the class outputs in label order (from the {@code exactly-one} constraint), the attribute
 * outputs, each class's attribute profile (true from class ⇒ attribute, false from
 * class ⇒ ¬attribute, unknown otherwise) and the logic constraints over
 * [class outputs, attribute outputs]. Groups of classes (a superclass in the hierarchy, such as
 * WordNet's shoe.n.01, scored by the groups pack) count as attributes: a class ⇒ group
 * implication says the class shows it, a class–group exclusion that it lacks it.
 */
public final class ClassKnowledge {
    private static final ConstraintCatalogue CATALOGUE = ConstraintCatalogue.standard();
    private final List<String> classOutputs;
    private final List<String> attributes;
    private final Map<String, Map<String, Double>> profiles;
    private final LogicConstraints logic;
    private final ConstraintSpec exactlyOne;

    private ClassKnowledge(List<String> classOutputs, List<String> attributes, Map<String, Map<String, Double>> profiles,
                           LogicConstraints logic, ConstraintSpec exactlyOne) {
        this.classOutputs = classOutputs;
        this.attributes = attributes;
        this.profiles = profiles;
        this.logic = logic;
        this.exactlyOne = exactlyOne;
    }

    /**
     * @throws IllegalArgumentException if no {@code exactly-one} constraint names the labels
     *                                  (the labels pack with k:labelIndex in the graph)
     */
    public static ClassKnowledge of(List<ConstraintSpec> derived, Semantics semantics) {
        return of(derived, semantics, FormulaSettings.DEFAULT);
    }

    /** The same, with formula constraints compiled (or read fuzzily) as {@code formulas} says. */
    public static ClassKnowledge of(List<ConstraintSpec> derived, Semantics semantics, FormulaSettings formulas) {
        List<ConstraintSpec> one = derived.stream().filter(ClassKnowledge::isExactlyOne).toList();
        if (one.size() != 1) {
            throw new IllegalArgumentException("the rules derived " + one.size() + " exactly-one constraints; an image"
                    + " classification experiment needs one, naming the dataset's labels in order (load the labels.drl"
                    + " and disjointness.drl packs, and state every two labels disjoint: owl:disjointWith, or all of them"
                    + " in one owl:AllDisjointClasses; an ontology of plain classes names its labels by knowledge.labels:"
                    + " [the classes, in the dataset's order], one with attribute statements by knowledge.attribute_properties,"
                    + " and one in Kenning's terms gives each class k:labelIndex and k:outputName)");
        }
        List<String> classes = List.copyOf(one.get(0).bindings());
        TreeSet<String> attrs = new TreeSet<>();
        Map<String, Map<String, Double>> profiles = new TreeMap<>();
        for (ConstraintSpec c : derived) {
            Logic shape = CATALOGUE.logicOf(c);
            if (shape == Logic.FORMULA) {
                // an attribute a formula names is an output of the attribute head, even if no class states it
                ConstraintCatalogue.formula(c).booleans().stream().filter(b -> b.startsWith("attr:")).forEach(attrs::add);
            }
            Double has = degreeStated(shape, c);
            if (has == null || c.bindings().size() != 2) {
                continue;
            }
            if (!(has >= 0 && has <= 1)) {
                throw new IllegalArgumentException("constraint " + c.kind() + " " + c.bindings() + " (rule '"
                        + c.provenance().rule() + "') gives the degree " + has + "; degrees lie between 0 and 1");
            }
            // a class and an output that is not a label: an attribute, or a group above classes
            boolean classSecond = shape == Logic.NOT_BOTH && classes.contains(c.bindings().get(1));
            String cls = c.bindings().get(classSecond ? 1 : 0);
            String attr = c.bindings().get(classSecond ? 0 : 1);
            if (classes.contains(cls) && !classes.contains(attr)) {
                attrs.add(attr);
                profiles.computeIfAbsent(cls, k -> new TreeMap<>()).put(attr, has);
            }
        }
        List<String> attributes = List.copyOf(attrs);
        List<String> outputs = new ArrayList<>(classes);
        outputs.addAll(attributes);
        return new ClassKnowledge(classes, attributes, profiles, LogicConstraints.over(outputs, derived, semantics, formulas),
                one.get(0));
    }

    /**
     * The control for {@link #of}: the same constraints with every class's statements moved to
     * another class (a seeded cyclic permutation of the labels, so no class keeps its own;
     * {@code exactly-one} untouched). Same number of constraints and attributes, same statistics,
     * wrong profiles: a model that gains as much from this as from the real knowledge gains from
     * having an attribute head, not from what the graph says.
     */
    public static ClassKnowledge shuffled(List<ConstraintSpec> derived, Semantics semantics, long seed) {
        return shuffled(derived, semantics, FormulaSettings.DEFAULT, seed);
    }

    /** The same, with formula constraints as {@code formulas} says. */
    public static ClassKnowledge shuffled(List<ConstraintSpec> derived, Semantics semantics, FormulaSettings formulas,
                                          long seed) {
        List<String> classes = of(derived, semantics).classOutputs;
        List<String> moved = new ArrayList<>(classes);
        Random random = new Random(seed);
        for (int i = moved.size() - 1; i > 0; i--) { // Sattolo: one cycle, no fixed point
            int j = random.nextInt(i);
            String t = moved.get(i);
            moved.set(i, moved.get(j));
            moved.set(j, t);
        }
        List<ConstraintSpec> permuted = new ArrayList<>();
        for (ConstraintSpec c : derived) {
            if (isExactlyOne(c)) {
                permuted.add(c);
                continue;
            }
            List<String> bindings = c.bindings().stream()
                    .map(b -> classes.contains(b) ? moved.get(classes.indexOf(b)) : b).toList();
            permuted.add(new ConstraintSpec(c.kind(), bindings, c.params(), c.formula(), c.weight(), c.provenance()));
        }
        return of(permuted, semantics, formulas);
    }

    /** What a two-output constraint says of its attribute: 1 (has it), 0 (lacks it), its degree; null: nothing. */
    private static Double degreeStated(Logic shape, ConstraintSpec c) {
        if (shape == Logic.DEGREE) {
            return c.param("degree");
        }
        if (shape == Logic.FORMULA) {
            // a formula stating class => attribute or class => ~attribute over its two bound outputs
            Boolean states = c.bindings().size() == 2
                    ? ConstraintCatalogue.formula(c).statesOf(c.bindings().get(0), c.bindings().get(1)) : null;
            return states == null ? null : states ? 1.0 : 0.0;
        }
        Boolean has = shape == null ? null : shape.statesAttribute();
        return has == null ? null : has ? 1.0 : 0.0;
    }

    private static boolean isExactlyOne(ConstraintSpec c) {
        return CATALOGUE.logicOf(c) == Logic.EXACTLY_ONE;
    }

    public List<String> classOutputs() {
        return classOutputs;
    }

    public List<String> attributes() {
        return attributes;
    }

    public LogicConstraints logic() {
        return logic;
    }

    public ConstraintSpec exactlyOne() {
        return exactlyOne;
    }

    /**
     * The label whose output is {@code name} ("class:sandal" or just "sandal"), case and
     * punctuation ignored as folder names and {@code knowledge.labels} are ("Ankle boot" is
     * "class:ankle-boot").
     */
    public int label(String name) {
        String output = name.startsWith("class:") ? name : "class:" + name;
        int i = classOutputs.indexOf(output);
        if (i >= 0) {
            return i;
        }
        String key = NameKey.of(output.substring("class:".length()));
        List<Integer> alike = java.util.stream.IntStream.range(0, classOutputs.size())
                .filter(k -> NameKey.of(classOutputs.get(k).substring("class:".length())).equals(key)).boxed().toList();
        if (alike.size() != 1) {
            throw new IllegalArgumentException((alike.isEmpty() ? "no class output '" + output + "'"
                    : "'" + name + "' matches " + alike.stream().map(classOutputs::get).toList() + " alike")
                    + "; the labels are " + classOutputs);
        }
        return alike.get(0);
    }

    /**
     * How surely class {@code label} shows attribute {@code a} (index into {@link #attributes()}):
     * 1 it does, 0 it does not, a degree between them (a soft target); null if unknown.
     */
    public Double degree(int label, int a) {
        Map<String, Double> p = profiles.get(classOutputs.get(label));
        return p == null ? null : p.get(attributes.get(a));
    }

    /** Whether class {@code label} shows attribute {@code a}: its degree above or below ½; null if unknown or ½. */
    public Boolean has(int label, int a) {
        Double d = degree(label, a);
        return d == null || d == 0.5 ? null : d > 0.5;
    }

    /**
     * The attributes a model trained on images of {@code trainLabels} can learn both ways: shown
     * by at least one of those classes and known to be absent in another. The others are never
     * seen in one of their states and would only add a constant bias to an unseen class's score.
     */
    public boolean[] learnableFrom(List<Integer> trainLabels) {
        boolean[] usable = new boolean[attributes.size()];
        for (int a = 0; a < usable.length; a++) {
            boolean pos = false;
            boolean neg = false;
            for (int label : trainLabels) {
                Boolean h = has(label, a);
                pos |= Boolean.TRUE.equals(h);
                neg |= Boolean.FALSE.equals(h);
            }
            usable[a] = pos && neg;
        }
        return usable;
    }

    /**
     * The pairs of {@code labels} that no attribute of {@code usable} tells apart: none is known on
     * both with opposite values. A model that reads only those attributes scores such a pair alike
     * (or apart only by how many attributes each is known on), so it cannot name them.
     */
    public List<List<Integer>> alikeOn(List<Integer> labels, boolean[] usable) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                boolean apart = false;
                for (int a = 0; a < usable.length && !apart; a++) {
                    Boolean x = has(labels.get(i), a);
                    Boolean y = has(labels.get(j), a);
                    apart = usable[a] && x != null && y != null && !x.equals(y);
                }
                if (!apart) {
                    out.add(List.of(labels.get(i), labels.get(j)));
                }
            }
        }
        return out;
    }

    /**
     * Attributes the classes {@code trainLabels} show together: each equal or opposite to the
     * others on every one of those classes (round exactly where hollow, angular exactly where not),
     * so a model trained on them cannot learn them apart, with the classes of {@code others} that
     * combine them otherwise (round and solid), which such a model cannot show. Only usable
     * attributes known on every training class count; empty when nothing is entangled so.
     *
     * @return each entangled group's attribute outputs mapped to the classes of {@code others} that break it
     */
    public Map<List<String>, List<Integer>> entangled(List<Integer> trainLabels, List<Integer> others, boolean[] usable) {
        Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        boolean[] flipped = new boolean[attributes.size()];
        for (int a = 0; a < attributes.size(); a++) {
            if (!usable[a]) {
                continue;
            }
            StringBuilder key = new StringBuilder();
            Boolean first = null;
            for (int label : trainLabels) {
                Boolean h = has(label, a);
                if (h == null) {
                    key = null;
                    break;
                }
                first = first == null ? h : first;
                key.append(h == first ? '=' : '!');
            }
            if (key != null) {
                groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(a);
                flipped[a] = !first;
            }
        }
        Map<List<String>, List<Integer>> out = new java.util.LinkedHashMap<>();
        for (List<Integer> group : groups.values()) {
            if (group.size() < 2) {
                continue;
            }
            List<Integer> breaking = new ArrayList<>();
            for (int label : others) {
                java.util.Set<Boolean> seen = new java.util.HashSet<>();
                for (int a : group) {
                    Boolean h = has(label, a);
                    if (h != null) {
                        seen.add(h ^ flipped[a]);
                    }
                }
                if (seen.size() > 1) {
                    breaking.add(label);
                }
            }
            if (!breaking.isEmpty()) {
                out.put(group.stream().map(attributes::get).toList(), breaking);
            }
        }
        return out;
    }

    /**
     * Direct attribute prediction (Lampert, Nickisch &amp; Harmeling, CVPR 2009): the mean over the
     * usable attributes of the log-probability of each candidate class's profile under independent
     * attribute probabilities {@code p} — log p_a where the class shows a, log(1 − p_a) where it
     * lacks it, d log p_a + (1 − d) log(1 − p_a) where it shows it to a degree d. Probabilities are clipped to [{@value #CLIP}, 1 − {@value #CLIP}]: an attribute head
     * trained on other classes is often confidently wrong on new ones, and one such miss must not
     * outweigh every other attribute (measured: unclipped, the profile evidence cost few-shot
     * accuracy). The mean keeps the score's scale independent of how many attributes there are.
     */
    public double[] profileLogLikelihood(float[] p, int[] candidates, boolean[] usable) {
        double[] score = new double[candidates.length];
        for (int k = 0; k < candidates.length; k++) {
            score[k] = profileLogLikelihood(p, profile(candidates[k]), usable);
        }
        return score;
    }

    /**
     * The same score for one profile given as degrees per attribute (NaN where the knowledge does
     * not say): how a model exported with its classes' profiles names an image outside Kenning.
     */
    public static double profileLogLikelihood(float[] p, double[] profile, boolean[] usable) {
        double score = 0;
        int n = 0;
        for (int a = 0; a < usable.length; a++) {
            double d = profile[a];
            if (usable[a] && !Double.isNaN(d)) {
                score += d == 1 ? Math.log(clip(p[a])) : d == 0 ? Math.log(clip(1 - p[a]))
                        : d * Math.log(clip(p[a])) + (1 - d) * Math.log(clip(1 - p[a]));
                n++;
            }
        }
        return n == 0 ? 0 : score / n;
    }

    /** Class {@code label}'s degree of every attribute, NaN where the knowledge does not say. */
    public double[] profile(int label) {
        double[] out = new double[attributes.size()];
        for (int a = 0; a < out.length; a++) {
            Double d = degree(label, a);
            out[a] = d == null ? Double.NaN : d;
        }
        return out;
    }

    /**
     * A class's prototype in attribute space, for few-shot learning: per usable attribute, the
     * mean attribute probability over the class's support images, with the graph's statement
     * (1 if the class shows the attribute, 0 if it lacks it, or its degree) counted as {@code prior} more
     * support images; where the graph is silent, the supports alone. The result is clipped to
     * [{@value #CLIP}, 1 − {@value #CLIP}]; attributes that are not usable are NaN. With one
     * shot the graph and the image weigh alike; with more shots the images take over.
     */
    public double[] attributePrototype(int label, float[][] supportAttributes, boolean[] usable, double prior) {
        return attributePrototype(profile(label), supportAttributes, usable, prior);
    }

    /**
     * The same for a class given by its profile (degrees, NaN where the knowledge does not say; all
     * NaN for a class the knowledge does not know): how an exported few-shot model builds a
     * prototype from a user's support images.
     */
    public static double[] attributePrototype(double[] profile, float[][] supportAttributes, boolean[] usable, double prior) {
        double[] prototype = new double[usable.length];
        for (int a = 0; a < usable.length; a++) {
            if (!usable[a]) {
                prototype[a] = Double.NaN;
                continue;
            }
            double sum = 0;
            for (float[] s : supportAttributes) {
                sum += s[a];
            }
            double d = profile[a];
            double mean = Double.isNaN(d)
                    ? sum / supportAttributes.length
                    : (prior * d + sum) / (prior + supportAttributes.length);
            prototype[a] = Math.min(Math.max(mean, CLIP), 1 - CLIP);
        }
        return prototype;
    }

    /**
     * The log-likelihood of attribute probabilities {@code p} under an attribute prototype (see
     * {@link #attributePrototype}): Σ p_a log π_a + (1 − p_a) log(1 − π_a) over its non-NaN entries.
     */
    public static double attributeLogLikelihood(float[] p, double[] prototype) {
        double ll = 0;
        for (int a = 0; a < prototype.length; a++) {
            double pi = prototype[a];
            if (!Double.isNaN(pi)) {
                ll += p[a] * Math.log(pi) + (1 - p[a]) * Math.log(1 - pi);
            }
        }
        return ll;
    }

    private static double clip(double q) {
        return Math.min(Math.max(q, CLIP), 1 - CLIP);
    }

    /** How far the profile score trusts one attribute prediction. */
    public static final double CLIP = 0.05;

    /**
     * The share of (image, attribute) pairs where the attribute head (p &gt; 0.5) agrees with the
     * image's class profile, over the usable attributes whose value the profile states: how well
     * the attributes transfer to the classes the images come from.
     */
    public double profileAgreement(float[][] p, int[] labels, boolean[] usable) {
        long agree = 0;
        long total = 0;
        for (int a = 0; a < usable.length; a++) {
            if (usable[a]) {
                long[] counts = agreementCounts(p, labels, a);
                agree += counts[0];
                total += counts[1];
            }
        }
        return total == 0 ? Double.NaN : agree / (double) total;
    }

    /**
     * What a head that learnt nothing from the images scores on {@code labels}' images: each usable
     * attribute predicted as its more frequent state among them, for every image alike. An
     * attribute head whose {@link #profileAgreement} is no higher has learnt only how often each
     * attribute is shown.
     */
    public double frequencyAgreement(int[] labels, boolean[] usable) {
        long agree = 0;
        long total = 0;
        for (int a = 0; a < usable.length; a++) {
            if (!usable[a]) {
                continue;
            }
            long shown = 0;
            long known = 0;
            for (int label : labels) {
                Boolean h = has(label, a);
                if (h != null) {
                    known++;
                    shown += h ? 1 : 0;
                }
            }
            agree += Math.max(shown, known - shown);
            total += known;
        }
        return total == 0 ? Double.NaN : agree / (double) total;
    }

    /** The same for one attribute: which attributes transfer and which do not. */
    public double profileAgreement(float[][] p, int[] labels, int attribute) {
        long[] counts = agreementCounts(p, labels, attribute);
        return counts[1] == 0 ? Double.NaN : counts[0] / (double) counts[1];
    }

    private long[] agreementCounts(float[][] p, int[] labels, int a) {
        long agree = 0;
        long total = 0;
        for (int i = 0; i < p.length; i++) {
            Boolean h = has(labels[i], a);
            if (h != null) {
                total++;
                if ((p[i][a] > 0.5f) == h) {
                    agree++;
                }
            }
        }
        return new long[]{agree, total};
    }
}
