-- What every submit paid for and did not need, gone:
-- - A submission without an idempotency key lives only while the provider is asked (it is forgotten once settled,
--   and at the latest when its instance is found stopped): it needs no entry in the index of keys nor in that of
--   expiry. Both become partial, over the keyed submissions only.
-- - The foreign key from a submission to its task ran a check after every insert, although the task id is always
--   empty then; a submission gets its task id in the very statement (or transaction) that records the task.
-- SQLite can drop neither a UNIQUE constraint nor a foreign key, so the table is built again (the same way on both
-- engines). It is renamed first: on PostgreSQL that takes its lock at once, so no row that another instance commits
-- meanwhile is left behind. The instances of an earlier build must be stopped before this one starts (their
-- statements name the old unique constraint).

ALTER TABLE submissions RENAME TO submissions_v1;

CREATE TABLE submissions (
    submission_id   TEXT    NOT NULL PRIMARY KEY,
    owner           TEXT    NOT NULL,
    idempotency_key TEXT,                               -- NULL: no key, never conflicts
    fingerprint     TEXT    NOT NULL,                   -- digest of the request, to tell a retry from another request
    model           TEXT    NOT NULL,
    tier            TEXT    NOT NULL,
    started_at      BIGINT  NOT NULL,
    pending_until   BIGINT  NOT NULL,                   -- still PENDING after this: its instance stopped
    keep_until      BIGINT  NOT NULL,                   -- forgotten after this, and its key free again
    state           TEXT    NOT NULL,                   -- PENDING, CREATED, UNCERTAIN
    task_id         TEXT,                               -- once CREATED, recorded with its task
    reason          TEXT,                               -- why UNCERTAIN
    CHECK ((state = 'CREATED') = (task_id IS NOT NULL))
);

-- Settled submissions without a key were kept by version 1 after a restart; nobody can ask for them.
INSERT INTO submissions (submission_id, owner, idempotency_key, fingerprint, model, tier, started_at, pending_until,
                         keep_until, state, task_id, reason)
SELECT submission_id, owner, idempotency_key, fingerprint, model, tier, started_at, pending_until, keep_until, state,
       task_id, reason
FROM submissions_v1
WHERE idempotency_key IS NOT NULL OR state = 'PENDING';

DROP TABLE submissions_v1;

-- An owner's key is taken at most once; the statements that rely on it repeat the condition word for word.
CREATE UNIQUE INDEX submissions_by_key ON submissions (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX submissions_pending ON submissions (pending_until) WHERE state = 'PENDING';
CREATE INDEX submissions_keep_until ON submissions (keep_until) WHERE idempotency_key IS NOT NULL;
