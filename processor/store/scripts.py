"""The two Lua scripts that change state. Each runs atomically inside Redis.

``APPLY_BATCH`` is idempotent under replay of the same partition and offset: an offset at or
below the partition's applied offset is skipped, and the applied offset moves in the same step as
the legs it covers. It also keeps the partition's clock: the newest Kafka timestamp applied. A
call's settle deadline is its newest leg's Kafka timestamp plus ``settle_seconds``, so settling
follows the log, not the speed at which a worker happens to read it.

``FINALIZE`` fixes a call's outcome at most once: it only succeeds while the call is still open
with exactly the legs the caller classified, so a leg that arrived meanwhile, or a second worker
that finalised first, makes it a no-op.
"""

from __future__ import annotations

# ARGV: offset_key, clock_key, settle_key, ledger_key, settle_seconds, prefix, then per record
#   6 values: offset, kind ("L" leg / "R" rejected / "A" accepted without state), call_id,
#   event_id, leg, timestamp (Kafka record time, epoch seconds)
# Returns one status per record: "accepted", "duplicate", "late", "rejected" or "replay".
APPLY_BATCH = """
local offset_key, clock_key, settle_key, ledger_key = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local settle, prefix = tonumber(ARGV[5]), ARGV[6]
local applied = tonumber(redis.call('GET', offset_key) or '-1')
local clock = tonumber(redis.call('GET', clock_key) or '0')
local results = {}
for i = 7, #ARGV, 6 do
  local offset = tonumber(ARGV[i])
  local kind, call_id, event_id, leg = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local ts = tonumber(ARGV[i + 5])
  local status
  if offset <= applied then
    status = 'replay'
  else
    applied = offset
    if ts > clock then clock = ts end
    if kind == 'R' then
      status = 'rejected'
    elseif kind == 'A' then
      status = 'accepted'
    else
      local done_key = prefix .. ':done:' .. call_id
      local call_key = prefix .. ':call:' .. call_id
      if redis.call('EXISTS', done_key) == 1 then
        if redis.call('SADD', done_key, event_id) == 0 then
          status = 'duplicate'
        else
          status = 'late'
        end
      elseif redis.call('HSETNX', call_key, event_id, leg) == 0 then
        status = 'duplicate'
      else
        status = 'accepted'
        redis.call('ZADD', settle_key, ts + settle, call_id)
      end
    end
    redis.call('HINCRBY', ledger_key, status, 1)
  end
  results[#results + 1] = status
end
if applied >= 0 then
  redis.call('SET', offset_key, applied)
  redis.call('SET', clock_key, clock)
end
return results
"""

# ARGV: call_key, settle_key, done_key, call_id, expected_legs, clock, done_ttl,
#   then per counter 4 values: key, field, amount, expire_at (epoch seconds)
# ``clock`` is the partition's clock (see ``CallState.clocks``), not the wall clock.
# Returns 1 when this call finalised the call, 0 when there was nothing (left) to do.
FINALIZE = """
local call_key, settle_key, done_key, call_id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local expected, now, done_ttl = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
if redis.call('HLEN', call_key) ~= expected then return 0 end
local deadline = redis.call('ZSCORE', settle_key, call_id)
if not deadline or tonumber(deadline) > now then return 0 end
local event_ids = redis.call('HKEYS', call_key)
for _, event_id in ipairs(event_ids) do redis.call('SADD', done_key, event_id) end
redis.call('EXPIRE', done_key, done_ttl)
redis.call('DEL', call_key)
redis.call('ZREM', settle_key, call_id)
for i = 8, #ARGV, 4 do
  redis.call('HINCRBY', ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]))
  redis.call('EXPIREAT', ARGV[i], tonumber(ARGV[i + 3]))
end
return 1
"""
