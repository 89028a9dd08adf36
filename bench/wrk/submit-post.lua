-- c. The service's task submission: POST /v1/ai/video/kling-v2-6-motion-control-pro with a
-- minimal valid request. Every request creates a task (in the fake provider, bounded by its capacity).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "non2xx.lua")

wrk.method = "POST"
wrk.headers["x-freepik-api-key"] = "bench"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"image_url":"https://example.com/a.png","video_url":"https://example.com/a.mp4"}'
