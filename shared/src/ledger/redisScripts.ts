/**
 * The ledger's Lua scripts. Each touches the keys of one SKU only (one Cluster slot) and declares
 * every key it touches in KEYS. Positions are packed strings, see positionCodec.ts.
 */
const PRELUDE = `
local function n2s(x) return string.format('%.0f', x) end
local function parsePos(v)
  if not v then return nil end
  local a, b, c, d, e, f, g, h = string.match(v, '^(-?%d+)|(-?%d+)|(-?%d+)|(-?%d+)|(%d+)|(%u)|(%d+)|?(%d*)$')
  if not a then error('corrupt ledger position: ' .. v) end
  return { onHand = tonumber(a), reserved = tonumber(b), safety = tonumber(c), incoming = tonumber(d),
           asOf = tonumber(e), src = f, absAt = tonumber(g), transit = tonumber(h) or 0 }
end
local function newPos() return { onHand = 0, reserved = 0, safety = 0, incoming = 0, asOf = 0, src = 'L', absAt = 0, transit = 0 } end
-- in transit is written only when there is some, so most positions keep their seven fields
local function packPos(p)
  local s = n2s(p.onHand) .. '|' .. n2s(p.reserved) .. '|' .. n2s(p.safety) .. '|' .. n2s(p.incoming) .. '|' ..
         n2s(p.asOf) .. '|' .. p.src .. '|' .. n2s(p.absAt)
  if p.transit and p.transit ~= 0 then s = s .. '|' .. n2s(p.transit) end
  return s
end
local SOURCE_NAME = { E = 'ERP', W = 'WMS', P = 'POS', O = 'OMS', L = 'LEDGER' }
-- The audit trail. A position's history list holds lines seq|onHandAfter|recordedAt|movement JSON,
-- newest first; seq grows by one per line, so a cursor (the seq of the last line seen) maps to a
-- list index without a scan. Every line that names a document is also pushed, as
-- location|line, on the SKU's list for that document ({sku}:ad:<document>), in the same script:
-- the per-document trail cannot miss a line the position's trail has.
-- A: { tag, cap, now (recordedAt), docCap, docTtl }
local function audit(A, loc, onHand, m, docs)
  local hk = A.tag .. ':h:' .. loc
  local head = redis.call('LINDEX', hk, 0)
  local seq = 1
  if head then seq = tonumber(string.match(head, '^(%d+)|')) + 1 end
  local line = n2s(seq) .. '|' .. n2s(onHand) .. '|' .. A.now .. '|' .. cjson.encode(m)
  redis.call('LPUSH', hk, line)
  redis.call('LTRIM', hk, 0, A.cap - 1)
  if docs and A.docCap then
    local seen = {}
    for _, d in pairs(docs) do
      if d and d ~= '' and d ~= cjson.null and not seen[d] then
        seen[d] = true
        local dk = A.tag .. ':ad:' .. d
        redis.call('LPUSH', dk, loc .. '|' .. line)
        redis.call('LTRIM', dk, 0, A.docCap - 1)
        redis.call('PEXPIRE', dk, A.docTtl)
      end
    end
  end
end
`;

/**
 * The audit arguments every writing script takes, in this order, right after its own fixed ARGV
 * (see auditArgs in RedisLedger.ts): key tag, history cap, recordedAt, document list cap,
 * document list TTL ms, actor.
 */
const AUDIT_ARGS = `
local function auditArgs(i)
  return { tag = ARGV[i], cap = tonumber(ARGV[i + 1]), now = ARGV[i + 2], docCap = tonumber(ARGV[i + 3]), docTtl = ARGV[i + 4], actor = ARGV[i + 5] }
end
`;

/**
 * KEYS: positions hash, history list, dedupe mark
 * ARGV: location, setTo ('' for a delta), delta, source code, at, dedupe TTL ms, (unused), (unused),
 *       movement JSON, change channel, sku, then the audit arguments (12–17)
 * → { outcome, packed position or false }
 */
export const APPLY_MOVEMENT = `${PRELUDE}${AUDIT_ARGS}
local loc = ARGV[1]
local A = auditArgs(12)
local cur = parsePos(redis.call('HGET', KEYS[1], loc))
if redis.call('EXISTS', KEYS[3]) == 1 then return { 'DUPLICATE', cur and packPos(cur) or false } end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[6])
local p = cur or newPos()
local at = tonumber(ARGV[5])
if at < p.absAt then return { 'STALE', cur and packPos(cur) or false } end
local m = cjson.decode(ARGV[9])
if ARGV[2] ~= '' then
  -- an absolute figure (count): the trail shows the change it made
  m.delta = tonumber(ARGV[2]) - p.onHand
  p.onHand = tonumber(ARGV[2])
  p.absAt = at
else
  p.onHand = p.onHand + tonumber(ARGV[3])
end
if at > p.asOf then p.asOf = at end
p.src = ARGV[4]
m.quantity = 'ON_HAND'
m.after = p.onHand
local packed = packPos(p)
redis.call('HSET', KEYS[1], loc, packed)
audit(A, loc, p.onHand, m, { m.sourceDocument })
redis.call('PUBLISH', ARGV[10], cjson.encode({ { ARGV[11], loc } }))
return { 'APPLIED', packed }
`;

/**
 * A snapshot's figure replaces on hand; where it corrects a position the ledger already had, the
 * trail gets a SNAPSHOT line with the correction (a first load records nothing).
 * KEYS: positions hash
 * ARGV: change channel, sku, key tag, history cap, recordedAt, then per entry: location, onHand, at, source code
 * → one 1 (applied) or 0 (stale) per entry
 */
export const LOAD_SNAPSHOT = `${PRELUDE}
local A = { tag = ARGV[3], cap = tonumber(ARGV[4]), now = ARGV[5] }
local FIRST = 6
local locs = {}
for i = FIRST, #ARGV, 4 do locs[#locs + 1] = ARGV[i] end
local raw = redis.call('HMGET', KEYS[1], unpack(locs))
local cur, existed = {}, {}
for i, loc in ipairs(locs) do
  if cur[loc] == nil then
    cur[loc] = parsePos(raw[i]) or newPos()
    existed[loc] = raw[i] ~= false and raw[i] ~= nil
  end
end
local out, changed, fields = {}, {}, {}
for i = FIRST, #ARGV, 4 do
  local loc, at = ARGV[i], tonumber(ARGV[i + 2])
  local p = cur[loc]
  if at < p.absAt then
    out[#out + 1] = 0
  else
    local before = p.onHand
    p.onHand = tonumber(ARGV[i + 1])
    p.absAt = at
    if at > p.asOf then p.asOf = at end
    p.src = ARGV[i + 3]
    out[#out + 1] = 1
    if existed[loc] and before ~= p.onHand then
      local src = SOURCE_NAME[p.src] or 'LEDGER'
      audit(A, loc, p.onHand, { reason = 'SNAPSHOT', quantity = 'ON_HAND', delta = p.onHand - before, after = p.onHand,
        source = src, sourceEventId = 'snapshot:' .. src .. ':' .. ARGV[i + 2], at = at, actor = src }, nil)
    end
    existed[loc] = true
    if not changed[loc] then
      changed[loc] = true
      fields[#fields + 1] = loc
    end
  end
end
if #fields > 0 then
  local args, keys = {}, {}
  for _, loc in ipairs(fields) do
    args[#args + 1] = loc
    args[#args + 1] = packPos(cur[loc])
    keys[#keys + 1] = { ARGV[2], loc }
  end
  redis.call('HSET', KEYS[1], unpack(args))
  redis.call('PUBLISH', ARGV[1], cjson.encode(keys))
end
return out
`;

/**
 * KEYS: positions hash
 * ARGV: location, field ('incoming' | 'safety'), quantity, at, source code ('' keeps it), channel, sku,
 *       source name, then the audit arguments (9–14)
 * → 1 when the position changed
 */
export const SET_FIGURE = `${PRELUDE}${AUDIT_ARGS}
local loc = ARGV[1]
local raw = redis.call('HGET', KEYS[1], loc)
local p = parsePos(raw) or newPos()
local before = p[ARGV[2]]
p[ARGV[2]] = tonumber(ARGV[3])
local at = tonumber(ARGV[4])
if at > p.asOf then p.asOf = at end
if ARGV[5] ~= '' then p.src = ARGV[5] end
local packed = packPos(p)
if packed == raw then return 0 end
redis.call('HSET', KEYS[1], loc, packed)
if before ~= p[ARGV[2]] then
  local what = ARGV[2] == 'safety' and 'SAFETY_STOCK' or 'INCOMING'
  local A = auditArgs(9)
  audit(A, loc, p.onHand, { reason = what, quantity = what, delta = p[ARGV[2]] - before, after = p[ARGV[2]],
    source = ARGV[8], sourceEventId = string.lower(what) .. ':' .. ARGV[4], at = at, actor = A.actor }, nil)
end
redis.call('PUBLISH', ARGV[6], cjson.encode({ { ARGV[7], loc } }))
return 1
`;

/**
 * Holds every line of one SKU or none. An on-hand line is capped twice: by the pool (on hand −
 * reserved − safety − buffer) and by the channel's share, its own holds counted; a backorder line by
 * the position's promisable supply (supply lines − waiting backorders). Each on-hand line held is a
 * RESERVATION line of the trail (RESERVED, +units), under the hold's reference.
 * KEYS: positions hash, channel holds hash, supply hash, then one reservation key per line
 * ARGV: change channel, sku, channel, share, key tag, history cap, recordedAt, document list cap,
 *       document list TTL, actor, reference ('' none), then per line: location, quantity, extra
 *       buffer, backorder ('1' or ''), reservation JSON
 * → { 0, promisedOn per line ('' for on hand) } when held, else { line number (1-based), units left for it, … }
 */
export const RESERVE = `${PRELUDE}
-- Reservation ids are made by the caller: a resent call (ioredis resends commands that were in
-- flight when a connection dropped) finds its records and changes nothing twice.
if redis.call('EXISTS', KEYS[4]) == 1 then return { 0 } end
local ch, share, tag = ARGV[3], tonumber(ARGV[4]), ARGV[5]
local A = { tag = tag, cap = tonumber(ARGV[6]), now = ARGV[7], docCap = tonumber(ARGV[8]), docTtl = ARGV[9], actor = ARGV[10] }
local reference = ARGV[11]
local FIRST, W = 12, 5
local pos, held, used, short = {}, {}, {}, {}
local sup, promised, bused = {}, {}, {}
local function supplyOf(loc)
  if sup[loc] == nil then
    local raw = redis.call('HGET', KEYS[3], loc)
    sup[loc] = raw and cjson.decode(raw) or {}
    local n = 0
    for _, e in ipairs(redis.call('LRANGE', tag .. ':boq:' .. loc, 0, -1)) do n = n + tonumber(string.match(e, '|(%d+)$')) end
    promised[loc] = n
  end
  return sup[loc]
end
for j = 1, #KEYS - 3 do
  local b = FIRST + (j - 1) * W
  local loc, q, buf = ARGV[b], tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2])
  local left
  if ARGV[b + 3] == '1' then
    local total = 0
    for _, l in ipairs(supplyOf(loc)) do total = total + l[3] end
    left = math.max(0, total - promised[loc] - (bused[loc] or 0))
    if q <= left then bused[loc] = (bused[loc] or 0) + q end
  else
    if pos[loc] == nil then
      pos[loc] = parsePos(redis.call('HGET', KEYS[1], loc)) or false
      held[loc] = tonumber(redis.call('HGET', KEYS[2], loc .. '|' .. ch) or '0')
    end
    local p = pos[loc]
    local avail = 0
    if p then
      local pool = p.onHand - p.reserved - p.safety - buf
      local cap = math.floor(math.max(0, p.onHand - p.safety - buf) * share) - held[loc]
      avail = math.max(0, math.min(pool, cap))
    end
    left = math.max(0, avail - (used[loc] or 0))
    if q <= left then used[loc] = (used[loc] or 0) + q end
  end
  if q > left then
    short[#short + 1] = j
    short[#short + 1] = left
  end
end
if #short > 0 then return short end
local out = { 0 }
local taken = {}
for j = 1, #KEYS - 3 do
  local b = FIRST + (j - 1) * W
  local loc, q, rec = ARGV[b], tonumber(ARGV[b + 1]), ARGV[b + 4]
  local on = ''
  local id = string.match(KEYS[j + 3], ':rsv:(.+)$')
  if ARGV[b + 3] == '1' then
    -- promised from the soonest supply not yet promised: the line its last unit falls in
    local upto = promised[loc] + (taken[loc] or 0) + q
    taken[loc] = (taken[loc] or 0) + q
    local cum = 0
    for _, l in ipairs(sup[loc]) do
      cum = cum + l[3]
      if cum >= upto then on = l[2] break end
    end
    local r = cjson.decode(rec)
    r.promisedOn = on
    rec = cjson.encode(r)
    redis.call('RPUSH', tag .. ':boq:' .. loc, id .. '|' .. q)
    redis.call('SADD', tag .. ':boloc', loc)
  else
    local p = pos[loc]
    p.reserved = p.reserved + q
    local m = { reason = 'RESERVATION', quantity = 'RESERVED', delta = q, after = p.reserved, source = 'LEDGER',
      sourceEventId = 'hold:' .. id, at = tonumber(A.now), actor = A.actor }
    if reference ~= '' then m.sourceDocument = reference end
    audit(A, loc, p.onHand, m, { reference })
  end
  out[#out + 1] = on
  redis.call('SET', KEYS[j + 3], rec)
end
local args, keys = {}, {}
for loc, q in pairs(used) do
  args[#args + 1] = loc
  args[#args + 1] = packPos(pos[loc])
  keys[#keys + 1] = { ARGV[2], loc }
  redis.call('HINCRBY', KEYS[2], loc .. '|' .. ch, q)
end
for loc in pairs(bused) do
  if not used[loc] then keys[#keys + 1] = { ARGV[2], loc } end
end
if #args > 0 then redis.call('HSET', KEYS[1], unpack(args)) end
redis.call('PUBLISH', ARGV[1], cjson.encode(keys))
return out
`;

/**
 * One reservation leaves ACTIVE. Modes: RELEASED, EXPIRED (only once expiresAt <= now), CONSUMED
 * (on hand drops too), SHIP (a transfer's hold leaves on hand at its source and is in transit to the
 * location in ARGV[13]; the reservation ends CONSUMED), UNHOLD (rollback of a hold never handed out:
 * the record is deleted). Only ACTIVE reservations move, so concurrent callers cannot double-release.
 * A backorder still waiting leaves its queue instead of on hand's holds, and is never consumed.
 * Each change is a line of the trail, under the hold's reference and the source document.
 * KEYS: positions hash, reservation key, history list of its position, channel holds hash
 * ARGV: mode, now, retention ms, channel, sku, (unused), (unused), source document, then the audit
 *       arguments (9–14), then the destination (SHIP)
 * → { 1 | 0, reservation JSON or false }
 */
export const TRANSITION = `${PRELUDE}${AUDIT_ARGS}
local raw = redis.call('GET', KEYS[2])
if not raw then return { 0, false } end
local r = cjson.decode(raw)
local mode, now = ARGV[1], tonumber(ARGV[2])
local A = auditArgs(9)
if r.status ~= 'ACTIVE' then return { 0, raw } end
if mode == 'EXPIRED' and r.expiresAt > now then return { 0, raw } end
local shipping = mode == 'SHIP'
if r.backorder == true then
  if mode == 'CONSUMED' or shipping then return { 0, raw } end
  local qk = A.tag .. ':boq:' .. r.locationId
  redis.call('LREM', qk, 1, r.id .. '|' .. r.quantity)
  if redis.call('LLEN', qk) == 0 then redis.call('SREM', A.tag .. ':boloc', r.locationId) end
else
local p = parsePos(redis.call('HGET', KEYS[1], r.locationId)) or newPos()
p.reserved = math.max(0, p.reserved - r.quantity)
local hk = r.locationId .. '|' .. r.channel
if tonumber(redis.call('HINCRBY', KEYS[4], hk, -r.quantity)) <= 0 then redis.call('HDEL', KEYS[4], hk) end
local consuming = mode == 'CONSUMED' or shipping
if consuming then
  p.onHand = p.onHand - r.quantity
  if now > p.asOf then p.asOf = now end
  p.src = 'L'
end
redis.call('HSET', KEYS[1], r.locationId, packPos(p))
local reason = ({ RELEASED = 'RELEASE', EXPIRED = 'EXPIRY', CONSUMED = 'FULFILLMENT', SHIP = 'TRANSFER_OUT', UNHOLD = 'RELEASE' })[mode]
local doc = ARGV[8]
local docs = { r.reference, doc }
local function line(quantity, delta, after, event)
  local m = { reason = reason, quantity = quantity, delta = delta, after = after, source = 'LEDGER', sourceEventId = event .. r.id, at = now, actor = A.actor }
  if doc ~= '' then m.sourceDocument = doc elseif r.reference ~= cjson.null and r.reference then m.sourceDocument = r.reference end
  return m
end
audit(A, r.locationId, p.onHand, line('RESERVED', -r.quantity, p.reserved, string.lower(mode) .. ':'), docs)
if consuming then
  -- the consume line keeps its historical event id: a replayed FULFILLMENT is recognisable
  audit(A, r.locationId, p.onHand, line('ON_HAND', -r.quantity, p.onHand, shipping and 'ship:' or 'consume:'), docs)
end
if shipping then
  local to = ARGV[15]
  local d = parsePos(redis.call('HGET', KEYS[1], to)) or newPos()
  d.transit = d.transit + r.quantity
  if now > d.asOf then d.asOf = now end
  redis.call('HSET', KEYS[1], to, packPos(d))
  audit(A, to, d.onHand, line('IN_TRANSIT', r.quantity, d.transit, 'ship:'), docs)
  redis.call('PUBLISH', ARGV[4], cjson.encode({ { ARGV[5], to } }))
end
end
redis.call('PUBLISH', ARGV[4], cjson.encode({ { ARGV[5], r.locationId } }))
if mode == 'UNHOLD' then
  redis.call('DEL', KEYS[2])
  return { 1, raw }
end
r.status = shipping and 'CONSUMED' or mode
r.updatedAt = now
local out = cjson.encode(r)
redis.call('SET', KEYS[2], out, 'PX', ARGV[3])
return { 1, out }
`;

/**
 * A transfer's units arrive: in transit at the destination drops by what was shipped, on hand rises
 * by what was received (fewer: a shortage, which the caller records as a discrepancy). Once per
 * event id (a dedupe mark in the SKU's slot).
 * KEYS: positions hash, dedupe mark
 * ARGV: location, shipped, received, at, dedupe TTL ms, change channel, sku, document, then the
 *       audit arguments (9–14)
 * → { outcome, packed position }
 */
export const RECEIVE_TRANSFER = `${PRELUDE}${AUDIT_ARGS}
local loc = ARGV[1]
local A = auditArgs(9)
local p = parsePos(redis.call('HGET', KEYS[1], loc)) or newPos()
if redis.call('EXISTS', KEYS[2]) == 1 then return { 'DUPLICATE', packPos(p) } end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[5])
local shipped, received, at = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
p.transit = math.max(0, p.transit - shipped)
p.onHand = p.onHand + received
if at > p.asOf then p.asOf = at end
p.src = 'L'
redis.call('HSET', KEYS[1], loc, packPos(p))
local base = { reason = 'TRANSFER_IN', source = 'LEDGER', sourceDocument = ARGV[8], at = at, actor = A.actor }
local function line(quantity, delta, after, event)
  local m = {}
  for k, v in pairs(base) do m[k] = v end
  m.quantity, m.delta, m.after, m.sourceEventId = quantity, delta, after, event
  return m
end
audit(A, loc, p.onHand, line('IN_TRANSIT', -shipped, p.transit, 'receive-transit:' .. ARGV[8] .. ':' .. loc), { ARGV[8] })
audit(A, loc, p.onHand, line('ON_HAND', received, p.onHand, 'receive:' .. ARGV[8] .. ':' .. loc), { ARGV[8] })
redis.call('PUBLISH', ARGV[6], cjson.encode({ { ARGV[7], loc } }))
return { 'APPLIED', packPos(p) }
`;

/**
 * Replaces a position's open supply. KEYS: supply hash; ARGV: location, JSON lines ('' = none), channel, sku
 */
export const SET_SUPPLY = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '' then
  if not raw then return 0 end
  redis.call('HDEL', KEYS[1], ARGV[1])
elseif raw == ARGV[2] then
  return 0
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
redis.call('PUBLISH', ARGV[3], cjson.encode({ { ARGV[4], ARGV[1] } }))
return 1
`;

/**
 * Waiting backorders of one position become on-hand holds, first come first served, while the pool
 * covers the next; the first it cannot cover stops the walk (no later, smaller order jumps it).
 * Entries whose reservation is no longer ACTIVE are dropped on the way. Each filled one is a
 * RESERVATION line of the trail.
 * KEYS: positions hash, channel holds hash, backorder queue
 * ARGV: location, now, key tag, change channel, sku, then the audit arguments (6–11)
 * → reservations JSON filled
 */
export const FILL_BACKORDERS = `${PRELUDE}${AUDIT_ARGS}
local loc, now, tag = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local A = auditArgs(6)
local p = parsePos(redis.call('HGET', KEYS[1], loc))
local out = {}
while true do
  local e = redis.call('LINDEX', KEYS[3], 0)
  if not e then break end
  local id, q = string.match(e, '^(.+)|(%d+)$')
  q = tonumber(q)
  local rk = tag .. ':rsv:' .. id
  local raw = redis.call('GET', rk)
  local r = raw and cjson.decode(raw)
  if r and r.status == 'ACTIVE' and r.backorder == true then
    if not p or p.onHand - p.reserved - p.safety < q then break end
    p.reserved = p.reserved + q
    r.backorder = false
    r.updatedAt = now
    local rec = cjson.encode(r)
    redis.call('SET', rk, rec)
    redis.call('HINCRBY', KEYS[2], loc .. '|' .. r.channel, q)
    local m = { reason = 'RESERVATION', quantity = 'RESERVED', delta = q, after = p.reserved, source = 'LEDGER',
      sourceEventId = 'fill:' .. id, at = now, actor = A.actor }
    if r.reference ~= cjson.null and r.reference then m.sourceDocument = r.reference end
    audit(A, loc, p.onHand, m, { r.reference })
    out[#out + 1] = rec
  end
  redis.call('LPOP', KEYS[3])
end
if redis.call('LLEN', KEYS[3]) == 0 then redis.call('SREM', tag .. ':boloc', loc) end
if #out > 0 then
  redis.call('HSET', KEYS[1], loc, packPos(p))
  redis.call('PUBLISH', ARGV[4], cjson.encode({ { ARGV[5], loc } }))
end
return out
`;

/**
 * KEYS: history list; ARGV: cursor seq ('' = newest), page size + 1 → the lines, newest first
 */
export const READ_HISTORY = `
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then return {} end
local start = 0
if ARGV[1] ~= '' then start = math.max(0, tonumber(string.match(head, '^(%d+)|')) - tonumber(ARGV[1]) + 1) end
return redis.call('LRANGE', KEYS[1], start, start + tonumber(ARGV[2]) - 1)
`;

export const LEDGER_SCRIPTS = {
  sgLedgerApply: { lua: APPLY_MOVEMENT, numberOfKeys: 3 },
  sgLedgerSnapshot: { lua: LOAD_SNAPSHOT, numberOfKeys: 1 },
  sgLedgerSetFigure: { lua: SET_FIGURE, numberOfKeys: 1 },
  sgLedgerReserve: { lua: RESERVE },
  sgLedgerTransition: { lua: TRANSITION, numberOfKeys: 4 },
  sgLedgerReceiveTransfer: { lua: RECEIVE_TRANSFER, numberOfKeys: 2 },
  sgLedgerSetSupply: { lua: SET_SUPPLY, numberOfKeys: 1 },
  sgLedgerFillBackorders: { lua: FILL_BACKORDERS, numberOfKeys: 3 },
  sgLedgerHistory: { lua: READ_HISTORY, numberOfKeys: 1, readOnly: true },
} as const;
