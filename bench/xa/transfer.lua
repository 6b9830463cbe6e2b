-- One transfer per event: BEGIN; two UPDATEs; COMMIT. --nodes=2 updates an even id (ds0) and an odd id (ds1), so
-- the transaction writes on two nodes; --nodes=1 updates two even ids (both on ds0).
sysbench.cmdline.options = {
    nodes = {"nodes the transaction writes on (1 or 2)", 2},
    accounts = {"accounts per node", 1000},
}

function thread_init()
    drv = sysbench.sql.driver()
    con = drv:connect()
end

function thread_done()
    con:disconnect()
end

function event()
    local a = 2 * sysbench.rand.uniform(0, sysbench.opt.accounts - 1)
    local b
    if sysbench.opt.nodes == 2 then
        b = 2 * sysbench.rand.uniform(0, sysbench.opt.accounts - 1) + 1
    else
        b = 2 * sysbench.rand.uniform(0, sysbench.opt.accounts - 1)
    end
    con:query("BEGIN")
    con:query("UPDATE accounts SET balance = balance - 1 WHERE id = " .. a)
    con:query("UPDATE accounts SET balance = balance + 1 WHERE id = " .. b)
    con:query("COMMIT")
end
