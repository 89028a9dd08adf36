-- b. The service's task-status read: GET /v1/ai/image-to-video/kling-v2-6/<task_id> (the task id
-- is in the URL given to wrk), with the API key the service requires.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "non2xx.lua")

wrk.method = "GET"
wrk.headers["x-freepik-api-key"] = "bench"
