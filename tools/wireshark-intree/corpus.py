#!/usr/bin/env python3
# corpus.py - the IP packets of pcapng captures, one file each: the inputs
# fuzzshark gets in tools/wireshark-intree.sh (see fuzzhook.c: fuzzshark's
# frames are dissected as raw IP there).
#
#   corpus.py OUTDIR CAPTURE.pcapng...
#
# Files are named <capture>-<frame number, 5 digits>.ip, so that sorting the
# names gives every capture's packets in capture order. Ethernet (with or
# without 802.1Q tags), Linux cooked (v1) and raw IP interfaces are read;
# other link types, and non-IP frames, are skipped and counted. Standard
# library only.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import struct
import sys

LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LINUX_SLL = 1, 101, 113
LINKTYPE_IPV4, LINKTYPE_IPV6 = 228, 229


def ip_of(linktype, frame):
    """The IP packet in a frame, without link-layer padding, or None."""
    if linktype == LINKTYPE_ETHERNET:
        off, ethertype = 14, None
        if len(frame) < 14:
            return None
        ethertype = struct.unpack_from('!H', frame, 12)[0]
        while ethertype in (0x8100, 0x88A8) and len(frame) >= off + 4:
            ethertype = struct.unpack_from('!H', frame, off + 2)[0]
            off += 4
        if ethertype not in (0x0800, 0x86DD):
            return None
        packet = frame[off:]
    elif linktype == LINKTYPE_LINUX_SLL:
        if len(frame) < 16 or struct.unpack_from('!H', frame, 14)[0] not in (0x0800, 0x86DD):
            return None
        packet = frame[16:]
    elif linktype in (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6):
        packet = frame
    else:
        return None
    if not packet:
        return None
    version = packet[0] >> 4
    if version == 4 and len(packet) >= 20:
        return packet[:max(20, struct.unpack_from('!H', packet, 2)[0])]
    if version == 6 and len(packet) >= 40:
        return packet[:40 + struct.unpack_from('!H', packet, 4)[0]]
    return None


def frames(path):
    """(linktype, frame bytes) of every packet block of a pcapng file."""
    with open(path, 'rb') as f:
        data = f.read()
    off, endian, linktypes = 0, '<', []
    while off + 12 <= len(data):
        btype = struct.unpack_from(endian + 'I', data, off)[0]
        if btype == 0x0A0D0D0A:  # section header: byte order, new interfaces
            endian = '<' if struct.unpack_from('<I', data, off + 8)[0] == 0x1A2B3C4D else '>'
            linktypes = []
        blen = struct.unpack_from(endian + 'I', data, off + 4)[0]
        if blen < 12 or off + blen > len(data):
            break
        body = data[off + 8:off + blen - 4]
        if btype == 1:  # interface description
            linktypes.append(struct.unpack_from(endian + 'H', body, 0)[0])
        elif btype == 6:  # enhanced packet
            iface, _, _, caplen, _ = struct.unpack_from(endian + 'IIIII', body, 0)
            yield linktypes[iface], body[20:20 + caplen]
        elif btype == 3:  # simple packet
            caplen = min(struct.unpack_from(endian + 'I', body, 0)[0], len(body) - 4)
            yield linktypes[0], body[4:4 + caplen]
        off += blen


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: corpus.py OUTDIR CAPTURE.pcapng...')
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    written = skipped = 0
    for path in sys.argv[2:]:
        name = os.path.splitext(os.path.basename(path))[0]
        if os.path.basename(os.path.dirname(path)) == 'hostile':
            name = 'hostile-' + name
        for number, (linktype, frame) in enumerate(frames(path), 1):
            packet = ip_of(linktype, frame)
            if packet is None:
                skipped += 1
                continue
            with open(os.path.join(outdir, '%s-%05d.ip' % (name, number)), 'wb') as out:
                out.write(packet)
            written += 1
    print('corpus.py: %d IP packets from %d captures (%d frames skipped)'
          % (written, len(sys.argv) - 2, skipped))


if __name__ == '__main__':
    main()
