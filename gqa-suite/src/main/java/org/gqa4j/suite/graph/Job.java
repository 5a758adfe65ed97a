package org.gqa4j.suite.graph;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One node of a suite's job graph, as plain data so that any runner (local, or a cluster
 * engine) can ship it: a job is a pure function of its {@code inputs} and of its dependencies'
 * published results, run by {@link JobKinds} according to its {@code kind}, and publishes one
 * result directory named by its {@code key}.
 *
 * @param id     readable and unique in the graph, e.g. "train synth-a/mha s1"
 * @param kind   what to run (see {@link JobKinds})
 * @param key    the content hash of what produces the result: kind, inputs, the dependencies' keys and the code version
 * @param inputs everything the job reads besides its dependencies' results (data source, settings, seeds)
 * @param deps   ids of the jobs whose results it reads, by role (e.g. "parent" -> id)
 */
public record Job(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("key") String key,
        @JsonProperty("inputs") JsonNode inputs,
        @JsonProperty("deps") List<Dep> deps) {

    public Job {
        deps = deps == null ? List.of() : List.copyOf(deps);
    }

    /** A dependency in a role (parent, model, reference, score). */
    public record Dep(@JsonProperty("role") String role, @JsonProperty("id") String id) {}

    /** The ids of the dependencies in one role, in order. */
    public List<String> deps(String role) {
        return deps.stream().filter(d -> d.role().equals(role)).map(Dep::id).toList();
    }
}
