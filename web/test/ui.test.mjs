// ui.test.mjs - the page's layout code without a browser: call list order
// and filter, the ladder's nodes and arrows, the SVG. On a hand-written
// report (fixtures/report-seed.json: the seed call with role names, plus a
// successful call), so that these run whatever the core says today.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sortCalls, filterCalls } from '../src/ui/calls.js';
import { ladderModel, ladderSvg, shortLine } from '../src/ui/ladder.js';
import { sortFindings } from '../src/ui/findings.js';

const report = JSON.parse(fs.readFileSync(new URL('./fixtures/report-seed.json', import.meta.url)));

test('calls: failures first by default, then by number; any column sorts', () => {
  assert.deepEqual(sortCalls(report.calls).map((c) => c.call), [1, 2]);
  assert.deepEqual(sortCalls(report.calls, 'call', 'asc').map((c) => c.call), [1, 2]);
  assert.deepEqual(sortCalls(report.calls, 'final', 'desc').map((c) => c.call), [1, 2]);
  assert.deepEqual(sortCalls(report.calls, 'final', 'asc').map((c) => c.call), [2, 1]);
  assert.deepEqual(sortCalls(report.calls, 'verdict', 'asc').map((c) => c.call), [1, 2]);   // "FAILED" < "OK"
});

test('calls: the filter matches every word, any column, case-insensitive', () => {
  assert.deepEqual(filterCalls(report.calls, 'webex FAILED').map((c) => c.call), [1]);
  assert.deepEqual(filterCalls(report.calls, 'partner').map((c) => c.call), [2]);
  assert.deepEqual(filterCalls(report.calls, 'e7672380').map((c) => c.call), [1]);   // a Call-ID
  assert.equal(filterCalls(report.calls, '  ').length, 2);
  assert.equal(filterCalls(report.calls, 'nothing-like-this').length, 0);
});

test('ladder: nodes by role in order along the hops, one arrow per message in time order', () => {
  const call = report.calls.find((c) => c.call === 1);
  const m = ladderModel(report, call);
  assert.deepEqual(m.nodes, ['CUCM', 'Expressway-C', 'Expressway-E', 'Webex']);
  assert.equal(m.arrows.length, 12);
  assert.deepEqual(m.arrows.map((a) => a.frame), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const origin = m.arrows.find((a) => a.frame === 7);
  assert.deepEqual([origin.from, origin.to, origin.text, origin.severity], ['Webex', 'Expressway-E', '500 Internal Server Error', 'error']);
  assert.equal(m.arrows[0].text, 'INVITE');
  assert.equal(m.arrows[0].severity, 'warning');
  assert.ok(Math.abs(m.arrows[11].rel - 1.881495) < 1e-6);
});

test('ladder: the SVG holds every node and arrow, escapes the texts, no styles', () => {
  const call = report.calls.find((c) => c.call === 1);
  const svg = ladderSvg(ladderModel(report, call), { title: 'Call 1 <&> "x"' });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal((svg.match(/<g class="arrow"/g) || []).length, 12);
  for (const n of ['CUCM', 'Expressway-C', 'Expressway-E', 'Webex']) assert.ok(svg.includes(`data-node="${n}"`), n);
  assert.ok(svg.includes('Call 1 &lt;&amp;&gt; &quot;x&quot;'));
  assert.doesNotMatch(svg, /<style|style=|<script/);
});

test('ladder: a message without a role is named by its address', () => {
  const r = structuredClone(report);
  r.messages[1].to_node = '';
  r.messages[1].dst = '192.0.2.1:5060';
  const m = ladderModel(r, r.calls.find((c) => c.call === 1));
  assert.ok(m.nodes.includes('192.0.2.1:5060'));
});

test('shortLine: a method, or a status and its reason', () => {
  assert.equal(shortLine('INVITE sip:a@b SIP/2.0'), 'INVITE');
  assert.equal(shortLine('SIP/2.0 500 Internal Server Error'), '500 Internal Server Error');
});

test('findings: worst first, then by frame', () => {
  const order = sortFindings(report.findings).map(({ f }) => [f.severity, f.frame]);
  assert.deepEqual(order[0], ['error', 7]);
  assert.deepEqual(order.slice(1, 6).map((x) => x[0]), ['warning', 'warning', 'warning', 'warning', 'warning']);
  assert.deepEqual(order.at(-1), ['note', 5]);
});
