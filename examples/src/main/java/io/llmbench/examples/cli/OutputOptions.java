package io.llmbench.examples.cli;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.report.HtmlReport;
import io.llmbench.report.RequestCsv;
import io.llmbench.report.ResultJson;
import io.llmbench.report.RunCsv;
import io.llmbench.report.SummaryCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --out}, {@code --format}, {@code --title}: which report files to write, and where. */
final class OutputOptions {
    /** Report files. */
    enum Format {
        /** report.html: the self-contained interactive report. */
        HTML("report.html"),
        /** summary.csv: the 51-column benchmark summary format of other tools. */
        SUMMARY("summary.csv"),
        /** runs.csv: every run's figures and histograms, readable back exactly. */
        RUNS("runs.csv"),
        /** requests.csv: one row per request. */
        REQUESTS("requests.csv"),
        /** result.json: everything, for machines. */
        JSON("result.json");

        final String file;

        Format(String file) {
            this.file = file;
        }
    }

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for report files (default: llmbench-out/<command>-<time>).")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "html|summary|runs|requests|json",
            description = "Report files to write (default: all). summary is the 51-column benchmark summary CSV.")
    List<Format> formats = new ArrayList<>();

    @Option(names = "--title", paramLabel = "TEXT", description = "Title of the HTML report.")
    String title;

    Set<Format> formats() {
        return formats.isEmpty() ? EnumSet.allOf(Format.class) : EnumSet.copyOf(formats);
    }

    /** The output directory: --out, or a new one named after the command and the time. */
    Path dir(String command) {
        if (out != null) {
            return out;
        }
        return Path.of("llmbench-out", command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * Writes the chosen files.
     *
     * @param results results with their records (requests.csv and the HTML charts use them)
     * @param html    the HTML report, built only when asked for
     * @return the files written
     */
    List<Path> write(Path dir, List<EndpointResult> results, List<String> warnings, Supplier<HtmlReport> html) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> written = new ArrayList<>();
        Set<Format> f = formats();
        if (f.contains(Format.HTML)) {
            Path p = dir.resolve(Format.HTML.file);
            html.get().write(p);
            written.add(p);
        }
        if (f.contains(Format.SUMMARY)) {
            Path p = dir.resolve(Format.SUMMARY.file);
            SummaryCsv.write(results, p);
            written.add(p);
        }
        if (f.contains(Format.RUNS)) {
            Path p = dir.resolve(Format.RUNS.file);
            RunCsv.write(results, p);
            written.add(p);
        }
        if (f.contains(Format.REQUESTS)) {
            Path p = dir.resolve(Format.REQUESTS.file);
            RequestCsv.write(results.stream().flatMap(r -> r.records().stream()).toList(), p);
            written.add(p);
        }
        if (f.contains(Format.JSON)) {
            Path p = dir.resolve(Format.JSON.file);
            ResultJson.write(new BenchmarkResult(results, warnings), p);
            written.add(p);
        }
        return written;
    }
}
