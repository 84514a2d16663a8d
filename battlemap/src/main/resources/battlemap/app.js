// Phalanx war room page. No framework and no runtime dependencies: the server pushes a snapshot and
// then deltas over /ws; every delta marks parts of the page dirty and one animation frame redraws
// them, so a burst of updates costs one render, not one per message.
(function () {
  'use strict';
  const SVGNS = 'http://www.w3.org/2000/svg';
  const SEV_RANK = { critical: 0, major: 1, minor: 2 };
  const S = {
    mode: null, seq: -1, network: {}, incidents: new Map(), slos: [], proposals: new Map(),
    me: { canVote: false }, selectedIncident: null, selectedSegment: null, ladder: null, ladderId: null,
  };
  const dirty = new Set();
  const stats = { renders: 0, lastRenderMs: 0, maxRenderMs: 0, messages: 0, snapshots: 0 };
  window.__battlemap = { state: S, stats, openLadder: (id) => openLadder(id), dropConnection: () => ws.close() };

  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const fmt = (x, d = 2) => (x == null || Number.isNaN(x) ? '–' : Number(x).toFixed(d));

  // ---- transport ---------------------------------------------------------------------------
  let ws; let retry = 0;
  function connect() {
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onopen = () => { retry = 0; setConn(true); };
    ws.onclose = () => { setConn(false); setTimeout(connect, Math.min(5000, 250 * 2 ** retry++)); };
    ws.onmessage = (ev) => onMessage(JSON.parse(ev.data));
  }
  function setConn(up) { const c = $('conn'); c.textContent = up ? 'live' : 'reconnecting…'; c.className = 'pill ' + (up ? 'up' : 'down'); }

  function onMessage(m) {
    stats.messages++;
    if (m.type === 'snapshot') {
      stats.snapshots++;
      S.mode = m.mode; S.seq = m.seq; S.network = m.network || {};
      S.incidents = new Map((m.incidents || []).map((i) => [i.id, i]));
      S.slos = m.slos || [];
      S.proposals = new Map((m.remediation || []).map((p) => [p.id, p]));
      ['header', 'map', 'conversations', 'incidents', 'slos', 'remediation'].forEach((d) => dirty.add(d));
    } else {
      if (m.seq !== S.seq + 1) { ws.close(); return; } // missed a delta: reconnect for a snapshot
      S.seq = m.seq;
      if (m.type === 'network') { S.network = m.network; dirty.add('header'); dirty.add('map'); dirty.add('conversations'); }
      else if (m.type === 'incident') { S.incidents.set(m.incident.id, m.incident); dirty.add('incidents'); dirty.add('map'); dirty.add('remediation'); }
      else if (m.type === 'slos') { S.slos = m.slos; dirty.add('slos'); }
      else if (m.type === 'proposal') { S.proposals.set(m.proposal.id, m.proposal); dirty.add('remediation'); }
    }
    schedule();
  }

  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const t0 = performance.now();
      if (dirty.has('header')) renderHeader();
      if (dirty.has('map')) renderMap();
      if (dirty.has('conversations')) renderConversations();
      if (dirty.has('incidents')) renderIncidents();
      if (dirty.has('slos')) renderSlos();
      if (dirty.has('remediation')) renderRemediation();
      dirty.clear();
      const dt = performance.now() - t0;
      stats.renders++; stats.lastRenderMs = dt; stats.maxRenderMs = Math.max(stats.maxRenderMs, dt);
      document.body.dataset.seq = String(S.seq);
    });
  }

  // ---- header and identity -----------------------------------------------------------------
  function renderHeader() {
    $('mode').textContent = S.mode || '';
    $('demo-banner').hidden = S.mode !== 'demo';
    $('generated').textContent = S.network.generatedBy || '';
  }
  async function loadMe() {
    const r = await fetch('/api/me', { credentials: 'same-origin' });
    S.me = await r.json();
    $('login').hidden = !S.me.sso || S.me.authenticated;
    $('user').textContent = S.me.authenticated ? (S.me.name + (S.me.canVote ? ' · may vote' : ' · view only')) : '';
    dirty.add('remediation'); schedule();
  }

  // ---- battlemap ---------------------------------------------------------------------------
  function cpOrder() {
    const paths = S.network.paths || [];
    let best = [];
    paths.forEach((p) => { if (p.capturePoints.length > best.length) best = p.capturePoints; });
    const ids = (S.network.capturePoints || []).map((c) => c.id);
    return best.concat(ids.filter((i) => !best.includes(i)));
  }
  function segHealth(s) {
    const loss = s.lossRatio || 0; const p50 = s.latencyMs ? s.latencyMs.p50 : 0;
    if (loss >= 0.01 || p50 >= 20 || (s.reorderRatio || 0) >= 0.05) return 'bad';
    if (loss >= 0.001 || p50 >= 5 || (s.reorderRatio || 0) >= 0.01) return 'warn';
    return 'ok';
  }
  function topHypothesis(inc) { return ((inc.diagnosis || {}).hypotheses || [])[0]; }
  function el(tag, attrs, parent) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function renderMap() {
    const svg = $('battlemap');
    const W = svg.clientWidth || 900; const H = svg.clientHeight || 380;
    const frag = document.createDocumentFragment();
    const order = cpOrder();
    const x0 = 90; const x1 = W - 90;
    const xs = new Map(order.map((id, i) => [id, order.length > 1 ? x0 + (i * (x1 - x0)) / (order.length - 1) : W / 2]));
    const netY = 250;
    // Service layer: hosts from the conversations, placed at the end of the paths they sit on;
    // services are responder ip:port, stacked above their host.
    const hosts = new Map();
    (S.network.paths || []).forEach((p) => {
      const [src, dst] = p.direction.split(' -> ');
      const a = p.capturePoints[0]; const b = p.capturePoints[p.capturePoints.length - 1];
      if (!hosts.has(src)) hosts.set(src, { x: xs.get(a) - 60, services: new Map(), bad: 0, n: 0 });
      if (!hosts.has(dst)) hosts.set(dst, { x: xs.get(b) + 60, services: new Map(), bad: 0, n: 0 });
    });
    (S.network.conversations || []).forEach((c) => {
      const h = hosts.get(c.resp.ip); if (!h) return;
      const key = c.proto + '/' + c.resp.port;
      const s = h.services.get(key) || { key, n: 0, retrans: 0, packets: 0, resets: 0 };
      s.n++; s.retrans += c.retransmissions || 0; s.packets += c.packets || 0; s.resets += c.resets || 0;
      h.services.set(key, s);
    });
    // Hosts that share an x (several clients on one side) are spread vertically.
    const byX = new Map();
    for (const [ip, h] of hosts) { const k = Math.round(h.x); byX.set(k, (byX.get(k) || []).concat([ip])); }
    const gHosts = el('g', { class: 'layer-services' });
    for (const [x, ips] of byX) {
      const k = ips.length; const start = Math.max(55, Math.min(W - 55 - (k - 1) * 120, x - ((k - 1) * 120) / 2));
      ips.forEach((ip, i) => {
        const h = hosts.get(ip);
        const hy = 175;
        const hx = start + i * 120;
        const g = el('g', { class: 'node host', 'data-host': ip }, gHosts);
        el('rect', { x: hx - 48, y: hy - 11, width: 96, height: 22, rx: 4, class: 'health-ok' }, g);
        el('text', { x: hx, y: hy + 4, 'text-anchor': 'middle' }, g).textContent = ip;
        el('line', { x1: hx, y1: hy + 11, x2: hx, y2: netY - 8, stroke: '#c9ced8', 'stroke-dasharray': '2 3' }, gHosts);
        const svcs = [...h.services.values()].sort((a, b) => b.packets - a.packets);
        const cols = Math.max(1, Math.min(3, Math.ceil(Math.sqrt(svcs.length))));
        svcs.forEach((s, j) => {
          const col = j % cols; const row = Math.floor(j / cols);
          const sx = hx - ((cols - 1) * 34) / 2 + col * 34; const sy = hy - 30 - row * 18;
          const ratio = s.packets ? s.retrans / s.packets : 0;
          const health = ratio >= 0.01 || s.resets > s.n / 2 ? 'bad' : ratio >= 0.001 ? 'warn' : 'ok';
          const sg = el('g', { class: 'node service', 'data-service': ip + ':' + s.key }, gHosts);
          el('rect', { x: sx - 16, y: sy - 8, width: 32, height: 16, rx: 3, class: 'health-' + health }, sg);
          el('text', { x: sx, y: sy + 4, 'text-anchor': 'middle', 'font-size': 9 }, sg).textContent = s.key.split('/')[1] || s.key;
          el('title', {}, sg).textContent = `${ip} ${s.key}: ${s.n} conversations, ${s.retrans} retransmissions`;
        });
      });
    }
    frag.appendChild(gHosts);
    // Network layer: segments in both directions (forward above the line, reverse below).
    const gNet = el('g', { class: 'layer-network' });
    const pinned = new Map();
    for (const inc of S.incidents.values()) {
      const h = topHypothesis(inc);
      if (h && h.segment) pinned.set(h.segment.from + '->' + h.segment.to, inc);
    }
    (S.network.segments || []).forEach((s) => {
      const xa = xs.get(s.from); const xb = xs.get(s.to); if (xa == null || xb == null) return;
      const fwd = xa < xb; const y = netY + (fwd ? -9 : 9);
      const key = s.from + '->' + s.to;
      const cls = 'seg health-' + segHealth(s) + (S.selectedSegment === key ? ' selected' : '');
      const line = el('line', { x1: xa + (fwd ? 10 : -10), y1: y, x2: xb + (fwd ? -10 : 10), y2: y, class: cls, 'data-segment': key, 'marker-end': 'url(#arrow)' }, gNet);
      el('title', {}, line).textContent = `${key}: loss ${fmt(100 * (s.lossRatio || 0))} %, p50 ${fmt(s.latencyMs && s.latencyMs.p50, 3)} ms, p99 ${fmt(s.latencyMs && s.latencyMs.p99, 3)} ms, ${s.packets} packets`;
      line.addEventListener('click', () => selectSegment(key));
    });
    order.forEach((id) => {
      const g = el('g', { class: 'cp', 'data-cp': id }, gNet);
      el('circle', { cx: xs.get(id), cy: netY, r: 8 }, g);
      el('text', { x: xs.get(id), y: netY + 30, 'text-anchor': 'middle' }, g).textContent = id;
    });
    // Paths: one line each, under the network layer; asymmetric ones dashed and labelled.
    (S.network.paths || []).forEach((p, i) => {
      const y = netY + 55 + i * 16;
      const pts = p.capturePoints.map((c) => xs.get(c)).filter((x) => x != null);
      if (pts.length < 2) return;
      const g = el('g', { class: 'path' + (p.asymmetric ? ' asymmetric' : ''), 'data-path': p.direction }, gNet);
      el('polyline', { points: pts.map((x) => `${x},${y}`).join(' '), class: 'path-line' + (p.asymmetric ? ' asymmetric' : ''), 'marker-end': 'url(#arrow)' }, g);
      pts.forEach((x) => el('circle', { cx: x, cy: y, r: 2.5, fill: '#5470c6' }, g));
      el('text', { x: 6, y: y + 4, class: 'pathlabel' }, g).textContent = (p.asymmetric ? 'asymmetric ' : '') + p.direction;
    });
    // Incident pins where the diagnosis points: a segment, else an entity (host or service).
    let n = 0;
    [...rankedIncidents()].forEach((inc) => {
      const h = topHypothesis(inc); let px; let py;
      if (h && h.segment && xs.has(h.segment.from) && xs.has(h.segment.to)) {
        px = (xs.get(h.segment.from) + xs.get(h.segment.to)) / 2;
        py = netY + (xs.get(h.segment.from) < xs.get(h.segment.to) ? -34 : 34);
      } else if (h && h.entity) {
        const node = [...gHosts.querySelectorAll('[data-host],[data-service]')].find((e) => (e.dataset.host || e.dataset.service || '').startsWith(h.entity));
        if (node) { const r = node.querySelector('rect'); px = +r.getAttribute('x') + 10; py = +r.getAttribute('y') - 10; }
      }
      if (px == null) { px = W - 30; py = 20 + 24 * n; }
      n++;
      const g = el('g', { class: 'pin', 'data-incident': inc.id, transform: `translate(${px},${py})` }, gNet);
      el('circle', { r: 11, fill: inc.severity === 'minor' ? '#e0a800' : inc.severity === 'critical' ? '#8b0000' : '#d7263d' }, g);
      el('text', { 'text-anchor': 'middle', y: 4 }, g).textContent = priorityLabel(inc);
      el('title', {}, g).textContent = `${inc.title} (v${inc.version})`;
      g.addEventListener('click', () => { S.selectedIncident = inc.id; dirty.add('incidents'); schedule(); });
    });
    frag.appendChild(gNet);
    const defs = el('defs', {});
    const m = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 5, markerHeight: 5, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#555' }, m);
    svg.replaceChildren(defs, frag);
  }
  function priorityLabel(inc) {
    if (inc.priority && inc.priority.level) return inc.priority.level;
    return { critical: 'P1', major: 'P2', minor: 'P3' }[inc.severity] || '!';
  }
  function selectSegment(key) {
    S.selectedSegment = key; dirty.add('map'); schedule();
    document.getElementById('battlemap').scrollIntoView({ block: 'nearest' });
  }

  // ---- conversations -----------------------------------------------------------------------
  function renderConversations() {
    const q = $('conv-filter').value.trim().toLowerCase();
    const convs = (S.network.conversations || []).filter((c) => !q || `${c.uid} ${c.communityId} ${c.orig.ip}:${c.orig.port} ${c.resp.ip}:${c.resp.port} ${c.proto}`.toLowerCase().includes(q));
    const rows = convs.slice(0, 300).map((c) => `<tr data-uid="${esc(c.uid)}"><td>${esc(c.uid)}</td><td>${esc(c.proto)}</td><td>${esc(c.orig.ip)}:${c.orig.port}</td><td>${esc(c.resp.ip)}:${c.resp.port}</td><td>${c.packets}</td><td>${c.retransmissions || 0}</td><td>${esc(c.connState)}</td></tr>`).join('');
    $('conversations').innerHTML = `<table><thead><tr><th>uid</th><th>proto</th><th>orig</th><th>resp</th><th>packets</th><th>retrans</th><th>state</th></tr></thead><tbody>${rows}</tbody></table>` +
      (convs.length > 300 ? `<div class="muted">${convs.length - 300} more — filter to narrow</div>` : '');
  }

  // ---- incidents ---------------------------------------------------------------------------
  function rankedIncidents() {
    return [...S.incidents.values()].sort((a, b) =>
      ((b.priority && b.priority.score) || 0) - ((a.priority && a.priority.score) || 0) ||
      (SEV_RANK[a.severity] ?? 9) - (SEV_RANK[b.severity] ?? 9) || (b.end || 0) - (a.end || 0));
  }
  function linkEvidence(text) {
    return esc(text)
      .replace(/segment ([\w.:-]+)-&gt;([\w.:-]+)/g, (m, a, b) => `<span class="evidence-link" data-segment="${a}->${b}">${m}</span>`)
      .replace(/conversation (C[0-9A-Za-z]{6,})/g, (m, uid) => `<span class="evidence-link" data-conversation="${uid}">${m}</span>`);
  }
  function renderIncidents() {
    const ranked = rankedIncidents();
    if (!S.selectedIncident && ranked.length) S.selectedIncident = ranked[0].id;
    $('incident-list').innerHTML = ranked.map((i) => `<li data-incident="${esc(i.id)}" class="${i.id === S.selectedIncident ? 'selected' : ''}"><span class="sev ${esc(i.severity)}">${esc(priorityLabel(i))} ${esc(i.severity)}</span>${esc(i.title)} <span class="muted">v${i.version}</span></li>`).join('') || '<li class="muted">no incidents</li>';
    const inc = S.incidents.get(S.selectedIncident);
    if (!inc) { $('incident-detail').innerHTML = ''; return; }
    const hyps = ((inc.diagnosis || {}).hypotheses || []).map((h) => `<div class="hyp"><b>${esc(h.cause)}</b> ${h.segment ? `<span class="evidence-link" data-segment="${esc(h.segment.from)}->${esc(h.segment.to)}">${esc(h.segment.from)} → ${esc(h.segment.to)}</span>` : esc(h.entity || '')} <span class="muted">confidence ${fmt(h.confidence)}</span><ul>${(h.evidence || []).map((e) => `<li>${linkEvidence(e)}</li>`).join('')}</ul></div>`).join('');
    const inn = (inc.innocent || []).map((i) => `<li>${i.segment ? `<span class="evidence-link" data-segment="${esc(i.segment.from)}->${esc(i.segment.to)}">${esc(i.segment.from)} → ${esc(i.segment.to)}</span>` : esc(i.entity)}: ${esc(i.reason)}</li>`).join('');
    const pr = inc.priority ? `<div>priority ${esc(priorityLabel(inc))}${inc.priority.score != null ? ' · score ' + fmt(inc.priority.score) : ''}</div>` : '';
    $('incident-detail').innerHTML = `<h3><span class="sev ${esc(inc.severity)}">${esc(inc.severity)}</span>${esc(inc.title)} <span class="muted" id="incident-version">v${inc.version}</span></h3>${pr}
      <div class="narrative" id="narrative">${esc(inc.narrative || '(no narrative yet)')}</div>
      <h4>Hypotheses</h4>${hyps || '<div class="muted">none</div>'}
      <h4>Cleared</h4><ul class="innocent">${inn || '<li class="muted">nothing cleared yet</li>'}</ul>`;
  }
  function renderSlos() {
    if (!S.slos.length) { $('slos').innerHTML = '<div class="muted">no SLOs in this view</div>'; return; }
    const windows = [...new Set(S.slos.flatMap((s) => Object.keys(s.burnRates || {})))];
    $('slos').innerHTML = `<table class="slo"><tr><th>SLO</th><th>service</th>${windows.map((w) => `<th>${esc(w)}</th>`).join('')}<th>budget left</th><th>firing</th></tr>` +
      S.slos.map((s) => `<tr><td>${esc(s.name)}</td><td>${esc(s.service)}</td>${windows.map((w) => `<td>${fmt((s.burnRates || {})[w])}</td>`).join('')}<td>${s.budgetRemaining == null ? '–' : fmt(100 * s.budgetRemaining, 1) + ' %'}</td><td>${esc((s.firing || []).join(', '))}</td></tr>`).join('') + '</table>';
  }
  function renderRemediation() {
    const ps = [...S.proposals.values()];
    if (!ps.length) { $('remediation').innerHTML = '<div class="muted">no proposals</div>'; return; }
    $('remediation').innerHTML = ps.map((p) => {
      const votes = p.votes || [];
      const tally = ['approve', 'reject', 'abstain'].map((c) => `${c} ${votes.filter((v) => v.choice === c).length}`).join(' · ');
      const buttons = S.me.canVote ? `<div><button class="vote" data-proposal="${esc(p.id)}" data-choice="approve">Approve</button><button class="vote" data-proposal="${esc(p.id)}" data-choice="reject">Reject</button></div>` : '<div class="muted">voting needs the voter role</div>';
      return `<div class="proposal" data-proposal="${esc(p.id)}"><b>${esc(p.action || p.id)}</b> <span class="muted">for ${esc(p.incidentId || '')}</span><div>${esc(p.rationale || '')}</div><div class="tally">${tally}</div>${p.decision ? `<div>decision: <b>${esc(typeof p.decision === 'string' ? p.decision : JSON.stringify(p.decision))}</b></div>` : ''}<ul>${votes.map((v) => `<li>${esc(v.voterName || v.voter)}: ${esc(v.choice)}</li>`).join('')}</ul>${buttons}</div>`;
    }).join('');
  }
  async function vote(proposalId, choice) {
    const r = await fetch('/api/votes', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-Phalanx-Battlemap': '1' }, body: JSON.stringify({ proposalId, choice }) });
    document.body.dataset.lastVote = String(r.status);
  }

  // ---- ladder ------------------------------------------------------------------------------
  const view = { k: 1, ty: 0 };
  async function openLadder(id) {
    $('ladder-title').textContent = 'loading ' + id + '…';
    const r = await fetch('/api/ladder/' + encodeURIComponent(id));
    if (!r.ok) { $('ladder-title').textContent = id + ': ' + (await r.text()); return; }
    S.ladder = await r.json(); S.ladderId = id; view.k = 1; view.ty = 0;
    const L = S.ladder;
    $('ladder-title').textContent = `${id} · ${L.orig} → ${L.resp} · ${L.packets.length} packets, ${L.packets.filter((p) => p.lost).length} lost, ${L.packets.filter((p) => p.retransmission).length} retransmissions`;
    drawLadder();
    document.getElementById('ladder-wrap').scrollIntoView({ block: 'nearest' });
  }
  function drawLadder() {
    const svg = $('ladder'); const L = S.ladder; if (!L) return;
    const W = svg.clientWidth || 900; const H = svg.clientHeight || 420;
    const top = 30; const bottom = H - 10;
    const n = L.lanes.length;
    const xs = L.lanes.map((_, i) => (n > 1 ? 80 + (i * (W - 160)) / (n - 1) : W / 2));
    // Time runs down, log-compressed between consecutive events: sub-millisecond hop delays stay
    // visible next to a 200 ms retransmission timeout, and order is always kept. Hover shows times.
    const times = [...new Set(L.packets.flatMap((p) => p.sightings.map((s) => s.tMs)))].sort((a, b) => a - b);
    const pos = new Map(); let acc = 0;
    times.forEach((t, i) => { if (i > 0) acc += Math.log1p((t - times[i - 1]) / 0.02); pos.set(t, acc); });
    const span = Math.max(1e-9, acc);
    const y = (t) => top + view.k * (pos.get(t) / span) * (bottom - top - 10);
    const root = document.createDocumentFragment();
    const labels = el('g', {});
    L.lanes.forEach((id, i) => { el('text', { x: xs[i], y: 18, 'text-anchor': 'middle', class: 'lane-label' }, labels).textContent = id; });
    const g = el('g', { id: 'ladder-view', transform: `translate(0,${view.ty})` });
    L.lanes.forEach((id, i) => el('line', { class: 'lane', 'data-lane': id, x1: xs[i], x2: xs[i], y1: top, y2: top + view.k * (bottom - top), 'vector-effect': 'non-scaling-stroke' }, g));
    for (const p of L.packets) {
      const pg = el('g', { class: 'pkt ' + p.dir + (p.lost ? ' lost' : '') + (p.retransmission ? ' retrans' : ''), 'data-index': p.index }, g);
      const ss = p.sightings;
      for (let i = 1; i < ss.length; i++) {
        const a = { x1: xs[ss[i - 1].lane], y1: y(ss[i - 1].tMs), x2: xs[ss[i].lane], y2: y(ss[i].tMs) };
        if (i === ss.length - 1 && !p.lost) a['marker-end'] = 'url(#ladder-arrow)';
        el('line', a, pg);
      }
      const last = ss[ss.length - 1];
      const lbl = el('text', { x: 4, y: y(ss[0].tMs) + 3 }, pg);
      lbl.textContent = `${ss[0].tMs.toFixed(3)} ${p.flags}${p.retransmission ? ' R' : ''}`;
      if (p.lost) {
        // The arrow stops: a stub towards the next lane on its way, ending in a cross.
        const next = p.dir === 'orig' ? last.lane + 1 : last.lane - 1;
        const xe = xs[last.lane] + (xs[next] - xs[last.lane]) * 0.45; const ye = y(last.tMs) + 4;
        el('line', { class: 'stub', x1: xs[last.lane], y1: y(last.tMs), x2: xe, y2: ye }, pg);
        el('line', { class: 'lostmark', x1: xe - 5, y1: ye - 5, x2: xe + 5, y2: ye + 5 }, pg);
        el('line', { class: 'lostmark', x1: xe - 5, y1: ye + 5, x2: xe + 5, y2: ye - 5 }, pg);
      } else if (ss.length === 1) {
        el('circle', { cx: xs[last.lane], cy: y(last.tMs), r: 2 }, pg);
      }
      el('title', {}, pg).textContent = `#${p.index} ${p.dir} ${p.flags} seq ${p.seq} len ${p.payloadLen}${p.retransmission ? ' RETRANSMISSION' : ''}${p.lost ? ' LOST after ' + last.capturePoint : ''}\n` + ss.map((s) => `${s.capturePoint} ${s.tMs.toFixed(3)} ms`).join('\n');
    }
    const defs = el('defs', {});
    const mk = el('marker', { id: 'ladder-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#555' }, mk);
    root.appendChild(defs); root.appendChild(labels); root.appendChild(g);
    svg.replaceChildren(root);
  }
  function zoom(f, cy) {
    const top = 30; const c = cy == null ? ($('ladder').clientHeight || 420) / 2 : cy;
    const k = Math.max(1, Math.min(5000, view.k * f));
    // Keep the time under the cursor in place.
    view.ty = c - top - ((c - top - view.ty) * k) / view.k;
    view.k = k; if (view.k === 1) view.ty = 0;
    drawLadder();
  }

  // ---- wiring ------------------------------------------------------------------------------
  document.addEventListener('click', (e) => {
    const t = e.target.closest('[data-segment],[data-conversation],[data-incident],tr[data-uid],button.vote');
    if (!t) return;
    if (t.matches('button.vote')) vote(t.dataset.proposal, t.dataset.choice);
    else if (t.dataset.conversation) openLadder(t.dataset.conversation);
    else if (t.dataset.uid) openLadder(t.dataset.uid);
    else if (t.dataset.segment && t.classList.contains('evidence-link')) selectSegment(t.dataset.segment);
    else if (t.dataset.incident && t.tagName === 'LI') { S.selectedIncident = t.dataset.incident; dirty.add('incidents'); schedule(); }
  });
  $('conv-filter').addEventListener('input', () => { dirty.add('conversations'); schedule(); });
  $('zoom-in').onclick = () => zoom(2);
  $('zoom-out').onclick = () => zoom(0.5);
  $('zoom-reset').onclick = () => { view.k = 1; view.ty = 0; drawLadder(); };
  const wrap = $('ladder-wrap');
  wrap.addEventListener('wheel', (e) => { e.preventDefault(); const r = wrap.getBoundingClientRect(); zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientY - r.top); }, { passive: false });
  let drag = null;
  wrap.addEventListener('mousedown', (e) => { drag = { y: e.clientY, ty: view.ty }; });
  window.addEventListener('mouseup', () => { drag = null; });
  window.addEventListener('mousemove', (e) => { if (drag) { view.ty = drag.ty + (e.clientY - drag.y); const g = $('ladder-view'); if (g) g.setAttribute('transform', `translate(0,${view.ty})`); } });
  window.addEventListener('resize', () => { dirty.add('map'); schedule(); drawLadder(); });

  loadMe();
  connect();
})();
