-- API tokens: only a SHA-256 hash of each token is kept (tokens are 256 random bits, so a fast hash is enough), and
-- every request looks its token up here, so a revoked token stops working at once on every node.
CREATE TABLE api_tokens (
    name          text        PRIMARY KEY,
    role          text        NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    token_hash    bytea       NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz
);

-- Who changed what: one row per change of a job, a setting or a token, written in the change's own transaction.
CREATE TABLE audit_log (
    id       bigserial   PRIMARY KEY,
    at       timestamptz NOT NULL,
    actor    text        NOT NULL,
    action   text        NOT NULL,
    subject  text        NOT NULL,
    changes  jsonb       NOT NULL
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, id);
