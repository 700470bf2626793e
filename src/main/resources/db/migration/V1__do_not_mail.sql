-- The suppression check's table: e-mails that must not be mailed. Portable between H2 and PostgreSQL.
-- (IF NOT EXISTS: a database made before migrations existed already has it.)
CREATE TABLE IF NOT EXISTS do_not_mail (
    email    VARCHAR(320) PRIMARY KEY,
    reason   VARCHAR(200),
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
