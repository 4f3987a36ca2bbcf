package io.llmbench.jmh;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.report.HtmlReport;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.SummaryCsv;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * bench-report's writers and reader: the summary CSV for {@code runs} runs (write, and read back
 * with histogram decoding), and the self-contained HTML report of two endpoints with
 * {@code reportRecords} records in all, written to memory (no disk in the measurement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReportBenchmark {
    /** Runs (rows) in the summary CSV. */
    @Param({"100"})
    public int runs;

    /** Request records in the HTML report, split over two endpoints. */
    @Param({"10000"})
    public int reportRecords;

    private List<EndpointResult> summaryRuns;
    private String summaryText;
    private HtmlReport report;

    @Setup
    public void setUp() {
        summaryRuns = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            summaryRuns.add(Fixtures.result("endpoint-" + i, 200, 64, i));
        }
        StringWriter w = new StringWriter();
        SummaryCsv.write(summaryRuns, w);
        summaryText = w.toString();
        List<EndpointResult> two = List.of(Fixtures.result("llama-vllm", reportRecords / 2, 64, 1),
                Fixtures.result("llama-tgi", reportRecords / 2, 64, 2));
        report = HtmlReport.builder().title("jmh").result(new BenchmarkResult(two, List.of())).build();
    }

    /** The summary CSV of {@code runs} runs, written to memory. */
    @Benchmark
    public int summaryCsvWrite() {
        StringWriter w = new StringWriter(summaryText.length());
        SummaryCsv.write(summaryRuns, w);
        return w.getBuffer().length();
    }

    /** The same CSV read back: parsing, validation, histogram decoding, result building. */
    @Benchmark
    public ImportResult<EndpointResult> summaryCsvRead() {
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(summaryText), ImportOptions.ofDefaults());
        if (r.rows().size() != runs) {
            throw new IllegalStateException("summary CSV must read back " + runs + " rows, but read " + r.rows().size()
                    + ": " + r.problems());
        }
        return r;
    }

    /** The HTML report written to a counting writer. */
    @Benchmark
    public long htmlReportWrite() {
        CountingWriter w = new CountingWriter();
        report.write(w);
        return w.count;
    }

    /** Counts characters and keeps none. */
    static final class CountingWriter extends Writer {
        long count;

        @Override
        public void write(char[] cbuf, int off, int len) {
            count += len;
        }

        @Override
        public void write(String str, int off, int len) {
            count += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
