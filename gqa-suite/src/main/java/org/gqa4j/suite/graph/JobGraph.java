package org.gqa4j.suite.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gqa4j.core.config.ConfigJson;

/**
 * The jobs of a suite in dependency order. Jobs are added after their dependencies, so the
 * insertion order is a topological order; {@link #waves()} groups them into sets of mutually
 * independent jobs (each wave one stage for a parallel runner).
 */
public final class JobGraph {

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final String codeVersion;

    public JobGraph(String codeVersion) {
        this.codeVersion = codeVersion;
    }

    /** Adds a job whose dependencies are already in the graph; returns it with its key. Adding the same job twice returns the first. */
    public Job add(String id, String kind, JsonNode inputs, List<Job.Dep> deps) {
        Job existing = jobs.get(id);
        List<String> depKeys = new ArrayList<>();
        for (Job.Dep d : deps) {
            Job dep = jobs.get(d.id());
            if (dep == null) throw new IllegalStateException(id + " depends on " + d.id() + ", which is not in the graph yet");
            depKeys.add(d.role() + "=" + dep.key());
        }
        ObjectNode what = ConfigJson.MAPPER.createObjectNode();
        what.put("kind", kind);
        what.set("inputs", inputs);
        ArrayNode dk = what.putArray("deps");
        depKeys.forEach(dk::add);
        what.put("code_version", codeVersion);
        Job job = new Job(id, kind, sha256(canonical(what)), inputs, deps);
        if (existing != null) {
            if (!existing.key().equals(job.key())) throw new IllegalStateException("two different jobs are named " + id);
            return existing;
        }
        jobs.put(id, job);
        return job;
    }

    public Job get(String id) {
        Job j = jobs.get(id);
        if (j == null) throw new IllegalArgumentException("no job " + id);
        return j;
    }

    public Collection<Job> jobs() {
        return jobs.values();
    }

    public int size() {
        return jobs.size();
    }

    public String codeVersion() {
        return codeVersion;
    }

    /** Jobs grouped by depth: wave 0 has no dependencies, wave k depends only on earlier waves. */
    public List<List<Job>> waves() {
        Map<String, Integer> depth = new LinkedHashMap<>();
        List<List<Job>> out = new ArrayList<>();
        for (Job j : jobs.values()) {
            int d = 0;
            for (Job.Dep dep : j.deps()) d = Math.max(d, depth.get(dep.id()) + 1);
            depth.put(j.id(), d);
            while (out.size() <= d) out.add(new ArrayList<>());
            out.get(d).add(j);
        }
        return out;
    }

    /** JSON with object keys sorted at every level, so equal content always hashes equal. */
    static String canonical(JsonNode n) {
        return ConfigJson.MAPPER.valueToTree(sorted(n)).toString();
    }

    private static Object sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(sorted(x)));
            return l;
        }
        return n;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
