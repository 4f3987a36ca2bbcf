package io.llmbench.report.imports;

/**
 * The result files of other benchmark tools that {@link PeerResults} reads. Each maps the tool's
 * metric definitions onto llmbench's explicitly; {@code docs/IMPORTERS.md} has the table.
 * Thread-safe.
 */
public enum PeerFormat {
    /** {@code vllm bench serve --save-result} JSON (also {@code --append-result}: one object per line). Per-request arrays with {@code --save-detailed}. */
    VLLM_SERVE("vllm", true, "vLLM bench serve --save-result JSON"),
    /** GuideLLM's benchmarks report ({@code benchmarks.json}); per-request data when the file keeps every request. */
    GUIDELLM_REPORT("guidellm", true, "GuideLLM benchmarks report JSON"),
    /** GenAI-Perf's {@code profile_export_genai_perf.json}: summary statistics. */
    GENAI_PERF_SUMMARY_JSON("genai-perf", false, "GenAI-Perf profile_export_genai_perf.json"),
    /** GenAI-Perf's {@code profile_export_genai_perf.csv}: summary statistics to two decimals. */
    GENAI_PERF_SUMMARY_CSV("genai-perf", false, "GenAI-Perf profile_export_genai_perf.csv"),
    /** GenAI-Perf's (perf_analyzer's) per-request export: {@code experiments[].requests[]} with request and response timestamps. */
    GENAI_PERF_REQUESTS("genai-perf", true, "GenAI-Perf per-request profile export JSON"),
    /** AIPerf's {@code profile_export_aiperf.json}: summary statistics. */
    AIPERF_SUMMARY_JSON("aiperf", false, "AIPerf profile_export_aiperf.json"),
    /** AIPerf's {@code profile_export_aiperf.csv}: summary statistics to two decimals. */
    AIPERF_SUMMARY_CSV("aiperf", false, "AIPerf profile_export_aiperf.csv"),
    /** AIPerf's {@code profile_export.jsonl}: one record per request. */
    AIPERF_RECORDS("aiperf", true, "AIPerf profile_export.jsonl"),
    /** LLMPerf's {@code *_summary.json}: summary statistics. */
    LLMPERF_SUMMARY("llmperf", false, "LLMPerf summary JSON"),
    /** LLMPerf's {@code *_individual_responses.json}: one object per request, without timestamps. */
    LLMPERF_REQUESTS("llmperf", true, "LLMPerf individual responses JSON");

    private final String tool;
    private final boolean perRequest;
    private final String description;

    PeerFormat(String tool, boolean perRequest, String description) {
        this.tool = tool;
        this.perRequest = perRequest;
        this.description = description;
    }

    /** The tool that writes it: {@code vllm}, {@code guidellm}, {@code genai-perf}, {@code aiperf} or {@code llmperf}. */
    public String tool() {
        return tool;
    }

    /** Whether the format can hold per-request data (which then becomes request records and histograms). */
    public boolean perRequest() {
        return perRequest;
    }

    /** A human-readable name, e.g. {@code GenAI-Perf profile_export_genai_perf.json}. */
    public String description() {
        return description;
    }

    /** A stable kebab-case key, e.g. {@code genai-perf-summary-json}, kept in the {@code source.format} label. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
