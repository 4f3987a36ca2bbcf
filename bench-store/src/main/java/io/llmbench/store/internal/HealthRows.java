package io.llmbench.store.internal;

import io.llmbench.core.HarnessHealth;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The {@code llmbench_harness_health} rows (schema version 2): a run's {@link HarnessHealth}, at
 * most one row per run. Stateless apart from its SQL.
 */
final class HealthRows {
    /** Ids bound into one {@code IN (...)} list at most. */
    private static final int IN_CHUNK = 500;

    private final String insert;
    private final String select;

    HealthRows(Tables t) {
        insert = t.sql("INSERT INTO {health} (run_pk, verdict, reasons, probed_loops, loop_lag_samples, loop_lag_p50_ms,"
                + " loop_lag_p99_ms, loop_lag_max_ms, cpu_share, cores, machine_cpu_share, gc_pauses, gc_pause_ms,"
                + " gc_pause_max_ms, schedule_lag_p99_ms, sampled_s) VALUES (:pk, :verdict, :reasons, :probedLoops,"
                + " :samples, :p50, :p99, :max, :cpu, :cores, :machine, :gcPauses, :gcMillis, :gcMax, :schedule, :sampled)");
        select = t.sql("SELECT run_pk, verdict, reasons, probed_loops, loop_lag_samples, loop_lag_p50_ms, loop_lag_p99_ms,"
                + " loop_lag_max_ms, cpu_share, cores, machine_cpu_share, gc_pauses, gc_pause_ms, gc_pause_max_ms,"
                + " schedule_lag_p99_ms, sampled_s FROM {health} WHERE run_pk IN (<pks>)");
    }

    /** Checks what must fit a column, before anything is written. */
    static void validate(HarnessHealth h) {
        Columns.checkLength("health.reasons (as JSON)", Columns.warnings(h.reasons()), Columns.MAX_TEXT);
    }

    void insert(Handle h, long pk, HarnessHealth health) {
        h.createUpdate(insert)
                .bind("pk", pk)
                .bind("verdict", health.verdict().name())
                .bind("reasons", Columns.warnings(health.reasons()))
                .bind("probedLoops", health.probedLoops())
                .bind("samples", health.loopLagSamples())
                .bind("p50", Columns.real(health.loopLagP50Millis()))
                .bind("p99", Columns.real(health.loopLagP99Millis()))
                .bind("max", Columns.real(health.loopLagMaxMillis()))
                .bind("cpu", Columns.real(health.cpuShare()))
                .bind("cores", health.cores())
                .bind("machine", Columns.real(health.machineCpuShare()))
                .bind("gcPauses", health.gcPauses())
                .bind("gcMillis", Columns.real(health.gcPauseMillis()))
                .bind("gcMax", Columns.real(health.gcPauseMaxMillis()))
                .bind("schedule", Columns.real(health.scheduleLagP99Millis()))
                .bind("sampled", Columns.real(health.sampledSeconds()))
                .execute();
    }

    /** The health of those of the given runs that have one, by internal key. */
    Map<Long, HarnessHealth> read(Handle h, List<Long> pks) {
        Map<Long, HarnessHealth> out = new HashMap<>();
        for (int from = 0; from < pks.size(); from += IN_CHUNK) {
            List<Long> chunk = pks.subList(from, Math.min(pks.size(), from + IN_CHUNK));
            h.createQuery(select).bindList("pks", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getLong("run_pk"), row(rs)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static HarnessHealth row(ResultSet rs) throws SQLException {
        return new HarnessHealth(HarnessHealth.Verdict.valueOf(rs.getString("verdict")), Columns.warnings(rs.getString("reasons")),
                rs.getInt("probed_loops"), rs.getLong("loop_lag_samples"), Columns.real(rs, "loop_lag_p50_ms"),
                Columns.real(rs, "loop_lag_p99_ms"), Columns.real(rs, "loop_lag_max_ms"), Columns.real(rs, "cpu_share"),
                rs.getInt("cores"), Columns.real(rs, "machine_cpu_share"), rs.getLong("gc_pauses"),
                Columns.real(rs, "gc_pause_ms"), Columns.real(rs, "gc_pause_max_ms"), Columns.real(rs, "schedule_lag_p99_ms"),
                Columns.real(rs, "sampled_s"));
    }
}
