-- Runs at every start; each statement is idempotent. Portable between H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS do_not_mail (
    email    VARCHAR(320) PRIMARY KEY,
    reason   VARCHAR(200),
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
