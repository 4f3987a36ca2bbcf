-- llmbench result store, schema version 3: what servers' own Prometheus metrics said during a run
-- (EndpointResult.serverMetrics). A run that scraped nothing has no rows here.

-- One row per scraped URL of a run, in the order given. offsets holds the times of the successful
-- scrapes in milliseconds from the run's time origin, as 8-byte big-endian integers.
CREATE TABLE llmbench_server_source (
    run_pk       BIGINT        NOT NULL,
    ordinal      INTEGER       NOT NULL,
    url          VARCHAR(4000) NOT NULL,
    interval_ms  BIGINT        NOT NULL,
    scrapes      BIGINT        NOT NULL,
    failures     BIGINT        NOT NULL,
    errors       VARCHAR       NOT NULL,  -- JSON array of strings
    other_series INTEGER       NOT NULL,
    offsets      ${bytes}      NOT NULL,
    CONSTRAINT llmbench_server_source_pk PRIMARY KEY (run_pk, ordinal),
    CONSTRAINT llmbench_server_source_run_fk FOREIGN KEY (run_pk) REFERENCES llmbench_run (run_pk) ON DELETE CASCADE
);

-- One row per kept series: one value per successful scrape of its source, as 8-byte big-endian
-- IEEE 754 doubles (NaN where a scrape did not have it).
CREATE TABLE llmbench_server_series (
    run_pk         BIGINT        NOT NULL,
    source_ordinal INTEGER       NOT NULL,
    ordinal        INTEGER       NOT NULL,
    name           VARCHAR(1000) NOT NULL,
    family_type    VARCHAR(16)   NOT NULL,
    labels         VARCHAR       NOT NULL,  -- JSON object: label name -> value
    samples        ${bytes}      NOT NULL,
    CONSTRAINT llmbench_server_series_pk PRIMARY KEY (run_pk, source_ordinal, ordinal),
    CONSTRAINT llmbench_server_series_run_fk FOREIGN KEY (run_pk) REFERENCES llmbench_run (run_pk) ON DELETE CASCADE
);
