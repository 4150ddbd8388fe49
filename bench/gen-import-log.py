#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""gen-import-log.py - big, deterministic Expressway logs for bench/import-bench.sh.

    gen-import-log.py log --size 100M [--template expe|expc|FILE] -o OUT.log
    gen-import-log.py bundle --members 1000 [--records 6] -o OUT.tar.gz

"log" repeats the records of one call log (default
test-captures/logs/expe-call.log) as many times as it takes to reach SIZE
bytes (a whole number of calls, so the file is SIZE rounded up to the next
call; K, M and G are powers of 1000). Call k is the template with its
identifiers rewritten and its times moved on by k periods:

- every Call-ID, From/To tag, Via branch (after the z9hG4bK cookie),
  proxy-call-id, X-TAATag, Call-serial-number and Cisco-Guid keeps its
  length and shape, with 8 hex digits (10 decimal digits for the
  Cisco-Guid) replaced by a number made of k and which identifier it is:
  unique in the file, and the same in both templates for the same k (the
  call crosses Expressway-C and Expressway-E, as in the seed);
- every time (the syslog time at +10:00 and UTCTime) is moved on by k times
  the period, the template's time span rounded up to whole seconds (2 s for
  the seed's logs), so times increase through the file and never overlap
  between calls.

Every rewritten field keeps its length, so all calls are the same size and
the output depends only on the arguments (same arguments, same bytes).
Memory does not grow with SIZE: calls are written one at a time.

"bundle" writes a diagnostic bundle (.tar.gz, ustar, fixed dates and
owners, gzip header without name or time) of MEMBERS small logs
diagnostic_logging/<node>_NNNNN.log: member i is call i of expc-call.log
(even i) or expe-call.log (odd i), cut after its first RECORDS records
(default 6: two SIP messages, about 4 KB).

Options: --first K starts at call K (default 0), --summary prints what was
written (calls, records, bytes) as one JSON line on stdout.
"""
import argparse
import calendar
import gzip
import io
import json
import os
import re
import sys
import tarfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOGS = os.path.join(REPO, "test-captures", "logs")
TEMPLATES = {"expc": os.path.join(LOGS, "expc-call.log"),
             "expe": os.path.join(LOGS, "expe-call.log")}

# The seed call's identifiers: (the text to replace, decimal?). Each is a
# fragment of one identifier: a Call-ID, tag, branch (after z9hG4bK),
# proxy-call-id, X-TAATag, Call-serial-number or Cisco-Guid.
IDS = [("e7672380", False),   # Call-ID
       ("3fb53c10", False),   # From tag
       ("38659d40", False),   # To tag
       ("11c80762", False),   # branch of CUCM's Via
       ("ae647bb8", False),   # branch of Expressway-C's Via
       ("6f09b6c9", False),   # branch of Expressway-E's Via
       ("fdbf1c60", False),   # proxy-call-id on Expressway-C
       ("b8fb1c34", False),   # proxy-call-id on Expressway-E
       ("4a936c0c", False),   # X-TAATag
       ("5ad8fe3e", False),   # Call-serial-number on Expressway-C
       ("9b0e2f6c", False),   # Call-serial-number on Expressway-E
       ("3882296192", True)]  # Cisco-Guid (decimal)

SYSLOG_RE = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+10:00"
UTC_RE = r'UTCTime="\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}"'
SLOT_RE = re.compile("(%s)|(%s)|(%s)" % (SYSLOG_RE, UTC_RE, "|".join(re.escape(t) for t, _ in IDS)))
LOCAL_OFFSET_S = 10 * 3600   # the seed's syslog times are at +10:00


def parse_ms(text):
    """Milliseconds since the epoch (UTC) of a syslog time or UTCTime field."""
    if text.startswith("UTCTime="):
        s = text[9:-1]
        t = calendar.timegm(time.strptime(s[:19], "%Y-%m-%d %H:%M:%S"))
        return t * 1000 + int(s[20:23])
    t = calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")) - LOCAL_OFFSET_S
    return t * 1000 + int(text[20:23])


class Template:
    """A call log cut into literal text and slots (times and identifiers)."""

    def __init__(self, path, records=None):
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        if records is not None:
            starts = [m.start() for m in re.finditer(r"^\d{4}-\d{2}-\d{2}T", text, re.M)]
            if records < len(starts):
                text = text[:starts[records]]
        self.records = len(re.findall(r"^\d{4}-\d{2}-\d{2}T", text, re.M))
        self.parts = []     # literal strings, and tuples for slots
        pos = 0
        times = []
        for m in SLOT_RE.finditer(text):
            self.parts.append(text[pos:m.start()])
            if m.group(1) or m.group(2):
                kind = "syslog" if m.group(1) else "utc"
                ms = parse_ms(m.group(0))
                times.append(ms)
                self.parts.append((kind, ms))
            else:
                idx = next(i for i, (t, _) in enumerate(IDS) if t == m.group(0))
                self.parts.append(("id", idx))
            pos = m.end()
        self.parts.append(text[pos:])
        if not times:
            sys.exit("gen-import-log: no times in %s" % path)
        self.t0 = min(times)
        span = max(times) - self.t0
        self.period_ms = (span // 1000 + 1) * 1000
        # Times relative to the template's first time (the same base for
        # both seed templates would also do; this keeps each one's own).
        self.parts = [(p[0], p[1] - self.t0) if isinstance(p, tuple) and p[0] != "id" else p
                      for p in self.parts]
        self._sec_cache = {}

    def _fmt(self, kind, ms):
        sec, milli = divmod(ms, 1000)
        key = (kind, sec)
        s = self._sec_cache.get(key)
        if s is None:
            if len(self._sec_cache) > 4096:
                self._sec_cache.clear()
            if kind == "utc":
                s = time.strftime('UTCTime="%Y-%m-%d %H:%M:%S,', time.gmtime(sec))
            else:
                s = time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime(sec + LOCAL_OFFSET_S))
            self._sec_cache[key] = s
        if kind == "utc":
            return '%s%03d"' % (s, milli)
        return "%s%03d+10:00" % (s, milli)

    def call(self, k, base_ms, period_ms):
        """The text of call k: identifiers from k, times from base + k * period."""
        t = base_ms + k * period_ms
        ids = [("%010d" % ((k * 16 + i) % 10**10)) if dec else ("%08x" % ((k * 16 + i) & 0xffffffff))
               for i, (_, dec) in enumerate(IDS)]
        out = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
            elif p[0] == "id":
                out.append(ids[p[1]])
            else:
                out.append(self._fmt(p[0], t + p[1]))
        return "".join(out)


def parse_size(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]?)B?", s.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError("size like 100M, 1G or 500000")
    return int(float(m.group(1)) * {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[m.group(2)])


def template_path(name):
    return TEMPLATES.get(name, name)


def cmd_log(a):
    tpl = Template(template_path(a.template))
    base = tpl.t0
    per_call = len(tpl.call(a.first, base, tpl.period_ms).encode())
    calls = max(1, -(-a.size // per_call))
    written = 0
    with open(a.output, "wb") as f:
        buf = []
        for k in range(a.first, a.first + calls):
            buf.append(tpl.call(k, base, tpl.period_ms))
            if len(buf) >= 64:
                data = "".join(buf).encode()
                f.write(data)
                written += len(data)
                buf = []
        if buf:
            data = "".join(buf).encode()
            f.write(data)
            written += len(data)
    if a.summary:
        print(json.dumps({"calls": calls, "records": calls * tpl.records, "bytes": written}))


def cmd_bundle(a):
    tpls = [Template(TEMPLATES["expc"], a.records), Template(TEMPLATES["expe"], a.records)]
    nodes = ["vcsc", "vcse"]
    period = max(t.period_ms for t in tpls)
    records = 0
    with open(a.output, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            with tarfile.open(fileobj=gz, mode="w|", format=tarfile.USTAR_FORMAT) as tar:
                def add(name, data, kind=tarfile.REGTYPE):
                    ti = tarfile.TarInfo(name)
                    ti.type = kind
                    ti.mtime = 1436151600   # 2015-07-06 03:00 UTC
                    ti.uid = ti.gid = 0
                    ti.uname = ti.gname = "root"
                    ti.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
                    ti.size = len(data)
                    tar.addfile(ti, io.BytesIO(data) if data else None)
                add("diagnostic_logging", b"", tarfile.DIRTYPE)
                for i in range(a.members):
                    k = a.first + i
                    tpl = tpls[i % 2]
                    # Template times moved on by k periods: member times
                    # increase through the bundle.
                    data = tpl.call(k, tpl.t0, period).encode()
                    add("diagnostic_logging/%s_%05d.log" % (nodes[i % 2], i), data)
                    records += tpl.records
    if a.summary:
        print(json.dumps({"members": a.members, "records": records,
                          "bytes": os.path.getsize(a.output)}))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    lg = sub.add_parser("log", help="one big log")
    lg.add_argument("--size", type=parse_size, required=True, help="bytes (K, M, G: powers of 1000)")
    lg.add_argument("--template", default="expe", help="expe, expc, or a log file (default expe)")
    bd = sub.add_parser("bundle", help="a .tar.gz bundle of small logs")
    bd.add_argument("--members", type=int, required=True)
    bd.add_argument("--records", type=int, default=6, help="records per member (default 6)")
    for p in (lg, bd):
        p.add_argument("-o", "--output", required=True)
        p.add_argument("--first", type=int, default=0, help="number of the first call (default 0)")
        p.add_argument("--summary", action="store_true", help="print counts as JSON")
    a = ap.parse_args()
    (cmd_log if a.cmd == "log" else cmd_bundle)(a)


if __name__ == "__main__":
    main()
