package org.gqa4j.suite.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.Sweeps;
import org.gqa4j.eval.suite.ModelScore;

/**
 * The quality sweeps of a task, read off its converted models: the headline target's MSE against
 * the number of KV heads (at the most common uptraining fraction, the parents as the MHA point)
 * and against the uptraining fraction (at the KV-head count converted with the most fractions),
 * each point over the seeds present. Null when the lineup has no conversions to sweep.
 */
final class SweepsFromScores {

    private SweepsFromScores() {}

    static Sweeps of(List<ModelScore> scores) {
        List<Report.Model> converted = new ArrayList<>(), parents = new ArrayList<>();
        for (ModelScore s : scores) {
            Report.ProvenanceSummary p = s.model().provenance();
            if (p == null) continue;
            if (s.parentSha256() != null && !"trained".equals(p.method())) converted.add(s.model());
            else if (s.parentSha256() == null && s.model().nKvHeads() == s.model().nHeads()) parents.add(s.model());
        }
        if (converted.isEmpty()) return null;
        double alpha = mostCommon(converted.stream().map(m -> m.provenance().uptrainFraction()).toList());
        Map<String, Map<Double, List<Double>>> byKv = new LinkedHashMap<>();
        for (Report.Model m : converted) {
            if (m.provenance().uptrainFraction() != alpha) continue;
            byKv.computeIfAbsent(m.provenance().method(), k -> new LinkedHashMap<>())
                    .computeIfAbsent((double) m.nKvHeads(), k -> new ArrayList<>()).add(value(m));
        }
        for (Map<Double, List<Double>> series : byKv.values()) {
            for (Report.Model p : parents) series.computeIfAbsent((double) p.nHeads(), k -> new ArrayList<>()).add(value(p));
        }
        Map<Integer, java.util.Set<Double>> alphasByKv = new LinkedHashMap<>();
        for (Report.Model m : converted) alphasByKv.computeIfAbsent(m.nKvHeads(), k -> new java.util.TreeSet<>()).add(m.provenance().uptrainFraction());
        int kv = alphasByKv.entrySet().stream().max(java.util.Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
        Map<String, Map<Double, List<Double>>> byAlpha = new LinkedHashMap<>();
        for (Report.Model m : converted) {
            if (m.nKvHeads() != kv) continue;
            byAlpha.computeIfAbsent(m.provenance().method() + " GQA-" + kv, k -> new LinkedHashMap<>())
                    .computeIfAbsent(m.provenance().uptrainFraction(), k -> new ArrayList<>()).add(value(m));
        }
        String metric = converted.get(0).headline().target() + " mse";
        return new Sweeps(new Sweeps.Sweep(metric, "n_kv_heads", points(byKv)),
                alphasByKv.get(kv).size() > 1 ? new Sweeps.Sweep(metric, "uptrain_fraction", points(byAlpha)) : null);
    }

    private static double value(Report.Model m) {
        return m.metrics().targetMse(m.headline().target());
    }

    private static List<Sweeps.Point> points(Map<String, Map<Double, List<Double>>> series) {
        List<Sweeps.Point> out = new ArrayList<>();
        series.forEach((name, xs) -> new java.util.TreeMap<>(xs).forEach((x, v) ->
                out.add(Sweeps.Point.of(name, x, v.stream().mapToDouble(Double::doubleValue).toArray()))));
        return out;
    }

    private static double mostCommon(List<Double> v) {
        Map<Double, Integer> n = new LinkedHashMap<>();
        for (double x : v) n.merge(x, 1, Integer::sum);
        return n.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
