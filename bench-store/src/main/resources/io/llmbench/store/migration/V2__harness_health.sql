-- llmbench result store, schema version 2: the harness health of a run (io.llmbench.core.HarnessHealth),
-- at most one row per run; runs imported from other tools' files have none. Milliseconds and
-- shares as the record's components; NULL in a DOUBLE PRECISION column stands for NaN.
CREATE TABLE llmbench_harness_health (
    run_pk            BIGINT      NOT NULL,
    verdict           VARCHAR(16) NOT NULL,
    reasons           VARCHAR     NOT NULL,  -- JSON array of strings
    probed_loops      INTEGER     NOT NULL,  -- 0: a timer thread was probed
    loop_lag_samples  BIGINT      NOT NULL,
    loop_lag_p50_ms   DOUBLE PRECISION,
    loop_lag_p99_ms   DOUBLE PRECISION,
    loop_lag_max_ms   DOUBLE PRECISION,
    cpu_share         DOUBLE PRECISION,
    cores             INTEGER     NOT NULL,
    machine_cpu_share DOUBLE PRECISION,
    gc_pauses         BIGINT      NOT NULL,
    gc_pause_ms       DOUBLE PRECISION,
    gc_pause_max_ms   DOUBLE PRECISION,
    schedule_lag_p99_ms DOUBLE PRECISION,
    sampled_s         DOUBLE PRECISION,
    CONSTRAINT llmbench_harness_health_pk PRIMARY KEY (run_pk),
    CONSTRAINT llmbench_harness_health_run_fk FOREIGN KEY (run_pk) REFERENCES llmbench_run (run_pk) ON DELETE CASCADE
);
