package org.gqa4j.suite.file;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gqa4j.core.InputException;

/**
 * A suite file: tasks x models x seeds, in one file that states a whole study (YAML, or JSON).
 * Every field is documented in the README's Evaluation section; {@code suites/smoke.yaml} and
 * {@code suites/demo.yaml} are worked examples.
 *
 * @param name       the suite's name (the report title)
 * @param seeds      pipeline seeds: seed s trains the parent with s and converts with s
 * @param tasks      what to evaluate on
 * @param parent     how to build the MHA parent (architecture and recipe), for models that need one
 * @param models     the model lineup, in report order
 * @param evaluation latency and memory settings shared by every task
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SuiteSpec(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("seeds") List<Long> seeds,
        @JsonProperty(value = "tasks", required = true) List<TaskSpec> tasks,
        @JsonProperty("parent") ParentSpec parent,
        @JsonProperty(value = "models", required = true) List<ModelSpec> models,
        @JsonProperty("evaluation") EvalSpec evaluation) {

    public SuiteSpec {
        name = name == null ? "suite" : name;
        seeds = seeds == null || seeds.isEmpty() ? List.of(1L) : List.copyOf(seeds);
        evaluation = evaluation == null ? EvalSpec.DEFAULT : evaluation;
        if (tasks == null || tasks.isEmpty()) throw new InputException("tasks: at least one task is needed");
        if (models == null || models.isEmpty()) throw new InputException("models: at least one model is needed");
        tasks = List.copyOf(tasks);
        models = List.copyOf(models);
        unique("tasks", tasks.stream().map(TaskSpec::name).toList());
        unique("models", models.stream().map(ModelSpec::name).toList());
        for (ModelSpec m : models) {
            if (m.needsParent() && parent == null) {
                throw new InputException("models." + m.name() + ": kind " + m.kind() + " needs the suite's parent: section");
            }
            if (m.from() != null && models.stream().noneMatch(x -> x.name().equals(m.from()))) {
                throw new InputException("models." + m.name() + ".from: no model named '" + m.from() + "'");
            }
        }
    }

    /** The model a convert/continued model derives from: its {@code from}, or the suite's parent model. */
    public ModelSpec source(ModelSpec m) {
        String from = m.from();
        for (ModelSpec x : models) {
            if (from != null ? x.name().equals(from) : x.kind().equals(ModelSpec.PARENT)) return x;
        }
        throw new InputException("models." + m.name() + ": kind " + m.kind() + " derives from a parent, but the suite has no model of kind parent");
    }

    private static void unique(String field, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || n.isBlank()) throw new InputException(field + ": every entry needs a name");
            if (!n.matches("[A-Za-z0-9._-]+")) throw new InputException(field + "." + n + ": names may hold letters, digits, '.', '_' and '-' only");
            if (!seen.add(n)) throw new InputException(field + ": '" + n + "' appears twice");
        }
    }
}
