-- Write then read: each event UPDATEs the thread's own row (through the proxy, to the primary) and reads it back
-- (outside a transaction: to a replica unless read-your-writes keeps it on the primary). A read that does not see
-- the value just written counts as stale; each thread prints its count when it ends ("stale N").
function thread_init()
    drv = sysbench.sql.driver()
    con = drv:connect()
    row = sysbench.tid + 1
    written = 0
    stale = 0
    con:query("REPLACE INTO ryw (id, v) VALUES (" .. row .. ", 0)")
end

function event()
    written = written + 1
    con:query("UPDATE ryw SET v = " .. written .. " WHERE id = " .. row)
    local v = con:query_row("SELECT v FROM ryw WHERE id = " .. row)
    if tonumber(v) ~= written then
        stale = stale + 1
    end
end

function thread_done()
    print("stale " .. stale .. " of " .. written)
    con:disconnect()
end
