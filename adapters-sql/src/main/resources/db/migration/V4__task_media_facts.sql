-- What the media preflight measured of a task's image and video before it was paid for, as JSON
-- ({"image":{...},"video":{...}}); NULL when nothing was measured (no preflight, or a task from before it).
ALTER TABLE tasks ADD COLUMN media TEXT;
