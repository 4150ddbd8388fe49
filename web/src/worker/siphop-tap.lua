-- siphop-tap.lua - every SIP message of the capture, in one sequential pass.
--
-- wiregasm's getFrame() costs milliseconds a frame (10 000 frames: a minute),
-- so the worker instead has this tap run once over the whole capture
-- (wiregasm runs every registered tap when any tap is asked for) and reads
-- what it wrote to /siphop.out in wiregasm's in-memory file system.
--
-- One record per "sip" item: a header line
--   "frame epoch src dst point sdp len clen\n"
-- then len bytes of the message and clen bytes of the frame's comment.
--   epoch  frame.time_epoch as Wireshark prints it, seconds.nanoseconds: a
--          Lua number (double) would lose the nanoseconds
--   src    "addr:port" ("[v6]:port"), "-" when the address is not IP
--   point  the pcapng interface id (the capture point, as plugin/extract.c)
--   sdp    1 when the SDP dissector ran inside this message
--   clen   the frame comment (siphop-import names the log file and line there)
-- This file is written into wiregasm's plugin directory before init().
--
-- SPDX-License-Identifier: GPL-2.0-or-later

local f_sip = Field.new("sip")
local f_sdp = Field.new("sdp")
local f_epoch = Field.new("frame.time_epoch")
local f_iface = Field.new("frame.interface_id")
local ok_comment, f_comment = pcall(Field.new, "frame.comment")
if not ok_comment then f_comment = nil end

local out = nil

local function endpoint(addr, port)
  local a = tostring(addr)
  if a == "" or a:find("%s") then return "-" end
  if a:find(":") then a = "[" .. a .. "]" end
  return a .. ":" .. tostring(port)
end

-- A Lua Tvb wrapper has no identity of its own: a data source is told apart
-- by its length and first bytes.
local function key_of(tvb)
  return tvb:len() .. ":" .. tvb:range(0, math.min(16, tvb:len())):bytes():tohex()
end

local function handle(pinfo)
  local sips = { f_sip() }
  if #sips == 0 then return end
  if not out then out = assert(io.open("/siphop.out", "wb")) end

  -- As plugin/extract.c's span_of: in a sequential pass a sip item whose
  -- segment also holds the start of the next message runs to the end of the
  -- segment; end it where the next sip item of the same data source starts.
  -- (The core then ends each message at its own framing.)
  local items = {}
  for i, fi in ipairs(sips) do
    items[i] = { fi = fi, start = fi.offset, stop = fi.offset + fi.len, key = key_of(fi.source), sdp = 0 }
  end
  for _, a in ipairs(items) do
    for _, b in ipairs(items) do
      if b.key == a.key and b.start > a.start and b.start < a.stop then a.stop = b.start end
    end
  end
  -- Which message does each sdp item lie in (as extract.c's owner()).
  for _, fi in ipairs({ f_sdp() }) do
    local k = key_of(fi.source)
    for _, a in ipairs(items) do
      if a.key == k and fi.offset >= a.start and fi.offset < a.stop then a.sdp = 1 end
    end
  end

  local epoch = f_epoch()
  local iface = f_iface()
  local comment = ""
  if f_comment then
    local parts = {}
    for _, c in ipairs({ f_comment() }) do parts[#parts + 1] = tostring(c.value) end
    comment = table.concat(parts, "\n")
  end
  local src = endpoint(pinfo.src, pinfo.src_port)
  local dst = endpoint(pinfo.dst, pinfo.dst_port)
  for _, a in ipairs(items) do
    local bytes = a.fi.source:raw(a.start, a.stop - a.start)
    out:write(string.format("%d %s %s %s %d %d %d %d\n", pinfo.number,
      epoch and epoch.display or "0.000000000", src, dst,
      iface and iface.value or 0, a.sdp, #bytes, #comment))
    out:write(bytes)
    out:write(comment)
  end
end

local tap = Listener.new("frame", "sip")
function tap.packet(pinfo) handle(pinfo) end
function tap.draw() if out then out:flush() end end
function tap.reset() if out then out:close() end out = nil end
