-- Where the service's copies of a task's generated videos stand (ResultCopies). Every task from before is NONE: its
-- results are not kept, which NULL says without rewriting a row.
ALTER TABLE tasks ADD COLUMN results_state TEXT;        -- WANTED, COPYING, COPIED, FAILED, DELETED; NULL: NONE
ALTER TABLE tasks ADD COLUMN results TEXT;              -- JSON of the rest: videos, attempts, last attempt and error,
                                                        -- copied_at, deleted_at; NULL when all of it is empty
ALTER TABLE tasks ADD COLUMN results_due_at BIGINT;     -- the next copy (or a claim's lease end), or the deletion

-- Copies that are due, for the claims: only those being made or to be deleted are indexed.
CREATE INDEX tasks_results_due ON tasks (results_due_at, task_id)
    WHERE results_due_at IS NOT NULL AND results_state IN ('COPYING', 'COPIED');

-- Unfinished tasks that something waits for, followed again after a restart: their webhook, and now their copies
-- too, even without a webhook. An index cannot be altered: it is made again, under the same name. (On PostgreSQL the
-- migration holds writes to tasks while the new index is built, one pass over the table; both engines run it in the
-- same way, and neither can build it concurrently inside the migration's transaction.)
DROP INDEX tasks_awaited;
CREATE INDEX tasks_awaited ON tasks (created_at, task_id)
    WHERE (delivery_state = 'WAITING' OR results_state = 'WANTED') AND status NOT IN ('COMPLETED', 'FAILED');
