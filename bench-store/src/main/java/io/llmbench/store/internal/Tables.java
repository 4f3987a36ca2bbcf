package io.llmbench.store.internal;

import java.util.regex.Pattern;

/**
 * The store's table names, qualified with its schema when it has one. SQL text is built only
 * from these names and constants; every value is bound.
 */
final class Tables {
    static final String HISTORY = "llmbench_schema_history";
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    final String run;
    final String label;
    final String metric;
    final String request;
    final String itl;
    final String model;
    final String serverSource;
    final String serverSeries;
    final String health;

    Tables(String schema) {
        String prefix = schema == null ? "" : "\"" + checkSchema(schema) + "\".";
        run = prefix + "llmbench_run";
        label = prefix + "llmbench_label";
        metric = prefix + "llmbench_metric";
        request = prefix + "llmbench_request";
        itl = prefix + "llmbench_itl_block";
        model = prefix + "llmbench_model";
        serverSource = prefix + "llmbench_server_source";
        serverSeries = prefix + "llmbench_server_series";
        health = prefix + "llmbench_harness_health";
    }

    /**
     * The schema name, validated so it can be quoted into SQL.
     *
     * @throws IllegalArgumentException when it is not a plain lower-case identifier
     */
    static String checkSchema(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be lower-case letters, digits and _, starting with a letter or _, "
                    + "at most 63 characters, but was '" + schema + "'");
        }
        return schema;
    }

    /** SQL with {@code {run}}, {@code {label}}, {@code {metric}}, {@code {request}}, {@code {itl}}, {@code {model}}, {@code {server_source}}, {@code {server_series}} and {@code {health}} replaced by table names. */
    String sql(String template) {
        return template.replace("{run}", run).replace("{label}", label)
                .replace("{metric}", metric).replace("{request}", request).replace("{itl}", itl).replace("{model}", model)
                .replace("{server_source}", serverSource).replace("{server_series}", serverSeries).replace("{health}", health);
    }
}
