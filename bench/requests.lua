-- The requests of one write target under wrk, as bench/writes.py plans them before each run.
--
-- bench/writes.py puts a `plan` table above this text:
--   plan.threads     wrk's thread count: thread n sends item n, n + threads, n + 2 * threads, ...
--   plan.start       where in the items this run begins (a run of pairs goes on where the last ended)
--   plan.tokens      bearer tokens; an item names its caller by an index into this list
--   plan.items_text  the requests, one a line: method, path, token index and JSON body (or
--                    nothing), separated by tabs; init() reads them into `items`
--   plan.cycle       true: after the last item, start again from the first; false: each item
--                    once, and a thread that runs out sends its first item again (the server
--                    refuses it, or changes nothing) and counts it: done() reports the count,
--                    and bench/run.py does not take such a run as a measurement
--   plan.undo        pairs only: {method =, path =, token =}, path with %d for the id that the
--                    pattern `plan.undo_id` finds in a 2xx answer to an item; the undo is sent
--                    only after that answer, so each pair is done, then undone, in order
--   plan.key_prefix  a prefix unique to this run: every request carries a fresh
--                    Idempotency-Key, as the app's outbox sends one with every write
--
-- wrk runs one Lua state per thread and does not say which connection a callback is for,
-- so nothing here is per connection: a thread's undos wait in its own queue, and any of its
-- connections sends the next one.

local all_threads = {}

function setup(thread)
   all_threads[#all_threads + 1] = thread
   thread:set("number", #all_threads)
end

function init(arguments)
   items = {}
   for method, path, token, body in string.gmatch(plan.items_text, "([^\t\n]+)\t([^\t\n]+)\t(%d+)\t([^\n]*)") do
      items[#items + 1] = { method = method, path = path, token = tonumber(token), body = body ~= "" and body or nil }
   end
   position = plan.start + number -- 1-based, into items (wrapped when plan.cycle)
   furthest = 0 -- the furthest item sent, counted from the start of items (never wrapped)
   ran_dry = 0
   sent = 0
   undo_ids = {}
   undo_first, undo_last = 1, 0
end

local function headers(token, has_body)
   local result = { ["Authorization"] = "Bearer " .. plan.tokens[token] }
   if has_body then
      result["Content-Type"] = "application/json"
   end
   if plan.key_prefix then
      sent = sent + 1
      result["Idempotency-Key"] = plan.key_prefix .. "-" .. number .. "-" .. sent
   end
   return result
end

local function undo_request()
   local id = undo_ids[undo_first]
   undo_ids[undo_first] = nil
   undo_first = undo_first + 1
   return wrk.format(plan.undo.method, string.format(plan.undo.path, id), headers(plan.undo.token, false), nil)
end

local function next_item()
   local count = #items
   local index = position
   if index > count then
      if plan.cycle then
         index = (index - 1) % count + 1
      else
         ran_dry = ran_dry + 1
         return items[number]
      end
   end
   furthest = position
   position = position + plan.threads
   return items[index]
end

function request()
   if undo_first <= undo_last then
      return undo_request()
   end
   local item = next_item()
   return wrk.format(item.method, item.path, headers(item.token, item.body ~= nil), item.body)
end

if plan.undo then
   -- Defined only for pairs: with a response() wrk keeps every answer's body for Lua.
   function response(status, response_headers, body)
      if status >= 200 and status < 300 and body then
         local id = string.match(body, plan.undo_id)
         if id then
            undo_last = undo_last + 1
            undo_ids[undo_last] = tonumber(id)
         end
      end
   end
end

function done(summary, latency, requests)
   -- Read by bench/writes.py: how far each thread went, and how many requests it sent after
   -- its items ran out.
   for _, thread in ipairs(all_threads) do
      io.write(string.format("bench-thread %d furthest %d ran-dry %d\n", thread:get("number"),
         thread:get("furthest"), thread:get("ran_dry")))
   end
end
