package io.llmbench.core.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/** A workload whose prompts get extra body fields. Thread-safe when the wrapped workload is. */
final class WorkloadWithFields implements Workload {
    private final Workload base;
    private final Map<String, Object> fields;

    private WorkloadWithFields(Workload base, Map<String, Object> fields) {
        this.base = base;
        this.fields = fields;
    }

    static Workload of(Workload base, Sampling sampling) {
        java.util.Objects.requireNonNull(sampling, "sampling");
        if (sampling.bodyFields().isEmpty()) {
            return base;
        }
        if (base instanceof WorkloadWithFields w) {
            Map<String, Object> merged = new LinkedHashMap<>(w.fields);
            merged.putAll(sampling.bodyFields());
            return new WorkloadWithFields(w.base, java.util.Collections.unmodifiableMap(merged));
        }
        return new WorkloadWithFields(base, sampling.bodyFields());
    }

    @Override
    public Prompt prompt(long index) {
        Prompt p = base.prompt(index);
        Map<String, Object> body = new LinkedHashMap<>(p.bodyFields());
        body.putAll(fields);
        return new Prompt(p.info(), p.messages(), p.maxTokens(), p.declaredInputTokens(), body);
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder(base.description());
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    @Override
    public int distinctPrompts() {
        return base.distinctPrompts();
    }

    @Override
    public long plannedRequests() {
        return base.plannedRequests();
    }
}
