-- The service's state (see dev.motioncontrol.adapters.sql). Instants are epoch milliseconds (UTC).
-- One script for SQLite and PostgreSQL: only SQL that both engines read the same way.

-- One row per task a client submitted, with its last known state and the delivery of its webhook (if it gave one).
CREATE TABLE tasks (
    task_id                  TEXT    NOT NULL PRIMARY KEY,
    owner                    TEXT    NOT NULL,          -- keyed hash of the client's API key, 64 hex digits
    model                    TEXT    NOT NULL,          -- KLING_2_6, KLING_3
    tier                     TEXT    NOT NULL,          -- PRO, STANDARD
    status                   TEXT    NOT NULL,          -- CREATED, IN_PROGRESS, COMPLETED, FAILED, or the provider's own
    generated                TEXT    NOT NULL,          -- JSON array of the generated videos' URLs
    created_at               BIGINT  NOT NULL,
    checked_at               BIGINT  NOT NULL,          -- when the provider last said how the task stands
    webhook_url              TEXT,                      -- the delivery columns are all NULL without a webhook
    delivery_state           TEXT,                      -- WAITING, RETRYING, DELIVERED, STOPPED, GAVE_UP
    delivery_attempts        INTEGER,
    delivery_last_attempt_at BIGINT,
    delivery_last_status     INTEGER,                   -- HTTP status of the last attempt, NULL without an answer
    delivery_last_error      TEXT,
    delivery_due_at          BIGINT,                    -- the next attempt (or the end of a claim's lease)
    CHECK ((webhook_url IS NULL) = (delivery_state IS NULL))
);

-- An owner's newest tasks.
CREATE INDEX tasks_by_owner ON tasks (owner, created_at, task_id);
-- Deliveries that are due, for the claims: only the unfinished ones are indexed.
CREATE INDEX tasks_delivery_due ON tasks (delivery_due_at, task_id)
    WHERE delivery_due_at IS NOT NULL AND delivery_state IN ('WAITING', 'RETRYING');
-- Unfinished tasks whose webhook waits for them, followed again after a restart.
CREATE INDEX tasks_awaited ON tasks (created_at, task_id)
    WHERE delivery_state = 'WAITING' AND status NOT IN ('COMPLETED', 'FAILED');

-- The journal of paid submissions: written before the provider is asked, settled after.
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
    task_id         TEXT    REFERENCES tasks (task_id), -- once CREATED
    reason          TEXT,                               -- why UNCERTAIN
    UNIQUE (owner, idempotency_key),
    CHECK ((state = 'CREATED') = (task_id IS NOT NULL))
);

CREATE INDEX submissions_pending ON submissions (pending_until) WHERE state = 'PENDING';
CREATE INDEX submissions_keep_until ON submissions (keep_until);

-- The ids of the provider's webhooks already applied.
CREATE TABLE seen_provider_webhooks (
    webhook_id  TEXT    NOT NULL PRIMARY KEY,
    received_at BIGINT  NOT NULL
);

CREATE INDEX seen_provider_webhooks_received_at ON seen_provider_webhooks (received_at);

-- The store's own values, such as the secret that owners are hashed with (owner_secret, base64).
CREATE TABLE settings (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
