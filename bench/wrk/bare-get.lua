-- a. The baseline: a plain GET on the bare Vert.x endpoint (bench/bare-endpoint).
-- The response counting costs the same Lua work as on the service's targets, so it cancels out.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "non2xx.lua")

wrk.method = "GET"
