-- The durable job store: every job, and the result of every line of its input. Portable between H2 and PostgreSQL.
CREATE TABLE fanout_job (
    id           VARCHAR(32)   PRIMARY KEY,
    name         VARCHAR(300)  NOT NULL,           -- names the job's files: NAME.report.csv, ...
    label        VARCHAR(300),                     -- what the user called it: the file name, or ?name=
    source       VARCHAR(300)  NOT NULL,           -- file:NAME or http
    input_path   VARCHAR(2000) NOT NULL,           -- its input while it runs: <inbox>/.processing/...
    checksum     VARCHAR(64),                      -- SHA-256 of the input, to spot a file dropped twice
    concurrency  INTEGER       NOT NULL,
    settings     TEXT          NOT NULL,           -- JSON: the settings it runs with
    status       VARCHAR(30)   NOT NULL,           -- RUNNING until it finishes (see JobStatus)
    mode         VARCHAR(10)   NOT NULL,           -- RUN: from its input; REDRIVE: its FAILED lines again
    columns_json TEXT,                             -- JSON: the input's columns, for the report
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    wall_ms      BIGINT        DEFAULT 0 NOT NULL, -- how long it ran, all runs together
    redrives     INTEGER       DEFAULT 0 NOT NULL,
    resumes      INTEGER       DEFAULT 0 NOT NULL, -- starts after an interruption (crash or shutdown)
    summary_json TEXT                              -- JSON: NAME.summary.json, once finished
);
CREATE INDEX fanout_job_status ON fanout_job (status);
CREATE INDEX fanout_job_content ON fanout_job (label, checksum);

-- One row per input line that ended: a verdict (VERIFIED, FLAGGED, FAILED) or a MALFORMED line. The key makes a
-- replayed verdict replace its row, never add one; a redrive replaces a FAILED row the same way.
CREATE TABLE fanout_result (
    job_id        VARCHAR(32)  NOT NULL,
    line          BIGINT       NOT NULL,
    status        VARCHAR(10)  NOT NULL,
    raw           TEXT         NOT NULL,           -- the input as read
    fields_json   TEXT,                            -- JSON: the record's fields in input order (none when MALFORMED)
    outcomes_json TEXT,                            -- JSON: each check's outcome
    error         TEXT,                            -- why it FAILED outside a check, or why the line is MALFORMED
    task_ms       BIGINT       DEFAULT 0 NOT NULL, -- the checks' time one after another
    PRIMARY KEY (job_id, line)
);
