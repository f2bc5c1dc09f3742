"""The two Lua scripts that change state. Each runs atomically inside Redis.

``APPLY_BATCH`` is idempotent under replay of the same partition and offset: an offset at or
below the partition's applied offset is skipped, and the applied offset moves in the same step as
the legs it covers. ``FINALIZE`` fixes a call's outcome at most once: it only succeeds while the
call is still open with exactly the legs the caller classified, so a leg that arrived meanwhile,
or a second worker that finalised first, makes it a no-op.
"""

from __future__ import annotations

# ARGV: prefix, topic, partition, settle_key, deadline, ledger_key, then per record 5 values:
#   offset, kind ("L" leg / "R" rejected / "A" accepted without state), call_id, event_id, leg
# Returns one status per record: "accepted", "duplicate", "late", "rejected" or "replay".
APPLY_BATCH = """
local prefix, topic, partition = ARGV[1], ARGV[2], ARGV[3]
local settle_key, deadline, ledger_key = ARGV[4], ARGV[5], ARGV[6]
local offset_key = prefix .. ':off:' .. topic .. ':' .. partition
local applied = tonumber(redis.call('GET', offset_key) or '-1')
local results = {}
for i = 7, #ARGV, 5 do
  local offset = tonumber(ARGV[i])
  local kind, call_id, event_id, leg = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local status
  if offset <= applied then
    status = 'replay'
  else
    applied = offset
    if kind == 'R' then
      status = 'rejected'
    elseif kind == 'A' then
      status = 'accepted'
    else
      local done_key = prefix .. ':done:' .. call_id
      local call_key = prefix .. ':call:' .. call_id
      if redis.call('EXISTS', done_key) == 1 then
        if redis.call('SADD', done_key, event_id) == 0 then status = 'duplicate' else status = 'late' end
      elseif redis.call('HSETNX', call_key, event_id, leg) == 0 then
        status = 'duplicate'
      else
        status = 'accepted'
        redis.call('ZADD', settle_key, deadline, call_id)
      end
    end
    redis.call('HINCRBY', ledger_key, status, 1)
  end
  results[#results + 1] = status
end
if applied >= 0 then redis.call('SET', offset_key, applied) end
return results
"""

# ARGV: call_key, settle_key, done_key, call_id, expected_legs, now, done_ttl,
#   then per counter 4 values: key, field, amount, expire_at (epoch seconds)
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
