/**
 * The ledger's Lua scripts. Each touches the keys of one SKU only (one Cluster slot) and declares
 * every key it touches in KEYS. Positions are packed strings, see positionCodec.ts.
 */
const PRELUDE = `
local function n2s(x) return string.format('%.0f', x) end
local function parsePos(v)
  if not v then return nil end
  local a, b, c, d, e, f, g = string.match(v, '^(-?%d+)|(-?%d+)|(-?%d+)|(-?%d+)|(%d+)|(%u)|(%d+)$')
  if not a then error('corrupt ledger position: ' .. v) end
  return { onHand = tonumber(a), reserved = tonumber(b), safety = tonumber(c), incoming = tonumber(d),
           asOf = tonumber(e), src = f, absAt = tonumber(g) }
end
local function newPos() return { onHand = 0, reserved = 0, safety = 0, incoming = 0, asOf = 0, src = 'L', absAt = 0 } end
local function packPos(p)
  return n2s(p.onHand) .. '|' .. n2s(p.reserved) .. '|' .. n2s(p.safety) .. '|' .. n2s(p.incoming) .. '|' ..
         n2s(p.asOf) .. '|' .. p.src .. '|' .. n2s(p.absAt)
end
-- history lines: seq|onHandAfter|recordedAt|movement JSON; seq grows by one per line, so a cursor
-- (the seq of the last line seen) maps to a list index without a scan
local function pushHistory(key, onHandAfter, recordedAt, json, cap)
  local head = redis.call('LINDEX', key, 0)
  local seq = 1
  if head then seq = tonumber(string.match(head, '^(%d+)|')) + 1 end
  redis.call('LPUSH', key, n2s(seq) .. '|' .. n2s(onHandAfter) .. '|' .. recordedAt .. '|' .. json)
  redis.call('LTRIM', key, 0, cap - 1)
end
`;

/**
 * KEYS: positions hash, history list, dedupe mark
 * ARGV: location, setTo ('' for a delta), delta, source code, at, dedupe TTL ms, history cap,
 *       recordedAt, movement JSON, change channel, sku
 * → { outcome, packed position or false }
 */
export const APPLY_MOVEMENT = `${PRELUDE}
local loc = ARGV[1]
local cur = parsePos(redis.call('HGET', KEYS[1], loc))
if redis.call('EXISTS', KEYS[3]) == 1 then return { 'DUPLICATE', cur and packPos(cur) or false } end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[6])
local p = cur or newPos()
local at = tonumber(ARGV[5])
if at < p.absAt then return { 'STALE', cur and packPos(cur) or false } end
local body = ARGV[9]
if ARGV[2] ~= '' then
  -- an absolute figure (count): history shows the change it made
  local m = cjson.decode(body)
  m.delta = tonumber(ARGV[2]) - p.onHand
  body = cjson.encode(m)
  p.onHand = tonumber(ARGV[2])
  p.absAt = at
else
  p.onHand = p.onHand + tonumber(ARGV[3])
end
if at > p.asOf then p.asOf = at end
p.src = ARGV[4]
local packed = packPos(p)
redis.call('HSET', KEYS[1], loc, packed)
pushHistory(KEYS[2], p.onHand, ARGV[8], body, tonumber(ARGV[7]))
redis.call('PUBLISH', ARGV[10], cjson.encode({ { ARGV[11], loc } }))
return { 'APPLIED', packed }
`;

/**
 * KEYS: positions hash
 * ARGV: change channel, sku, then per entry: location, onHand, at, source code
 * → one 1 (applied) or 0 (stale) per entry
 */
export const LOAD_SNAPSHOT = `${PRELUDE}
local locs = {}
for i = 3, #ARGV, 4 do locs[#locs + 1] = ARGV[i] end
local raw = redis.call('HMGET', KEYS[1], unpack(locs))
local cur = {}
for i, loc in ipairs(locs) do
  if cur[loc] == nil then cur[loc] = parsePos(raw[i]) or newPos() end
end
local out, changed, fields = {}, {}, {}
for i = 3, #ARGV, 4 do
  local loc, at = ARGV[i], tonumber(ARGV[i + 2])
  local p = cur[loc]
  if at < p.absAt then
    out[#out + 1] = 0
  else
    p.onHand = tonumber(ARGV[i + 1])
    p.absAt = at
    if at > p.asOf then p.asOf = at end
    p.src = ARGV[i + 3]
    out[#out + 1] = 1
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
 * ARGV: location, field ('incoming' | 'safety'), quantity, at, source code ('' keeps it), channel, sku
 * → 1 when the position changed
 */
export const SET_FIGURE = `${PRELUDE}
local loc = ARGV[1]
local raw = redis.call('HGET', KEYS[1], loc)
local p = parsePos(raw) or newPos()
p[ARGV[2]] = tonumber(ARGV[3])
local at = tonumber(ARGV[4])
if at > p.asOf then p.asOf = at end
if ARGV[5] ~= '' then p.src = ARGV[5] end
local packed = packPos(p)
if packed == raw then return 0 end
redis.call('HSET', KEYS[1], loc, packed)
redis.call('PUBLISH', ARGV[6], cjson.encode({ { ARGV[7], loc } }))
return 1
`;

/**
 * Holds every line of one SKU or none.
 * KEYS: positions hash, then one reservation key per line
 * ARGV: change channel, sku, then per line: location, quantity, extra buffer, reservation JSON
 * → {} when held, else { line number (1-based), units left for it, … } for the short lines
 */
export const RESERVE = `${PRELUDE}
-- Reservation ids are made by the caller: a resent call (ioredis resends commands that were in
-- flight when a connection dropped) finds its records and changes nothing twice.
if redis.call('EXISTS', KEYS[2]) == 1 then return {} end
local pos, used, short = {}, {}, {}
for j = 1, #KEYS - 1 do
  local b = 3 + (j - 1) * 4
  local loc, q, buf = ARGV[b], tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2])
  if pos[loc] == nil then pos[loc] = parsePos(redis.call('HGET', KEYS[1], loc)) or false end
  local p = pos[loc]
  local avail = 0
  if p then avail = math.max(0, p.onHand - p.reserved - p.safety - buf) end
  local left = math.max(0, avail - (used[loc] or 0))
  if q > left then
    short[#short + 1] = j
    short[#short + 1] = left
  else
    used[loc] = (used[loc] or 0) + q
  end
end
if #short > 0 then return short end
local args, keys = {}, {}
for j = 1, #KEYS - 1 do
  local b = 3 + (j - 1) * 4
  redis.call('SET', KEYS[j + 1], ARGV[b + 3])
end
for loc, q in pairs(used) do
  local p = pos[loc]
  p.reserved = p.reserved + q
  args[#args + 1] = loc
  args[#args + 1] = packPos(p)
  keys[#keys + 1] = { ARGV[2], loc }
end
redis.call('HSET', KEYS[1], unpack(args))
redis.call('PUBLISH', ARGV[1], cjson.encode(keys))
return {}
`;

/**
 * One reservation leaves ACTIVE. Modes: RELEASED, EXPIRED (only once expiresAt <= now), CONSUMED
 * (on hand drops too, FULFILLMENT history line), UNHOLD (rollback of a hold never handed out: the
 * record is deleted). Only ACTIVE reservations move, so concurrent callers cannot double-release.
 * KEYS: positions hash, reservation key, history list of its position
 * ARGV: mode, now, retention ms, channel, sku, history cap, recordedAt, source document
 * → { 1 | 0, reservation JSON or false }
 */
export const TRANSITION = `${PRELUDE}
local raw = redis.call('GET', KEYS[2])
if not raw then return { 0, false } end
local r = cjson.decode(raw)
local mode, now = ARGV[1], tonumber(ARGV[2])
if r.status ~= 'ACTIVE' then return { 0, raw } end
if mode == 'EXPIRED' and r.expiresAt > now then return { 0, raw } end
local p = parsePos(redis.call('HGET', KEYS[1], r.locationId)) or newPos()
p.reserved = math.max(0, p.reserved - r.quantity)
if mode == 'CONSUMED' then
  p.onHand = p.onHand - r.quantity
  if now > p.asOf then p.asOf = now end
  p.src = 'L'
end
redis.call('HSET', KEYS[1], r.locationId, packPos(p))
if mode == 'CONSUMED' then
  local m = { reason = 'FULFILLMENT', delta = -r.quantity, source = 'LEDGER', sourceEventId = 'consume:' .. r.id, at = now }
  if ARGV[8] ~= '' then m.sourceDocument = ARGV[8] end
  pushHistory(KEYS[3], p.onHand, ARGV[7], cjson.encode(m), tonumber(ARGV[6]))
end
redis.call('PUBLISH', ARGV[4], cjson.encode({ { ARGV[5], r.locationId } }))
if mode == 'UNHOLD' then
  redis.call('DEL', KEYS[2])
  return { 1, raw }
end
r.status = mode
r.updatedAt = now
local out = cjson.encode(r)
redis.call('SET', KEYS[2], out, 'PX', ARGV[3])
return { 1, out }
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
  sgLedgerTransition: { lua: TRANSITION, numberOfKeys: 3 },
  sgLedgerHistory: { lua: READ_HISTORY, numberOfKeys: 1, readOnly: true },
} as const;
