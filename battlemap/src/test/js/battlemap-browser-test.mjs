// Drives the war room page in Debian chromium through playwright-core. Started by
// BattlemapBrowserITCase with the servers already running; prints one JSON object of findings on
// stdout for the Java side to assert on. Env: BASE_URL, BENCH_URL, LADDER_UID, OPERATOR_TOKEN,
// NEW_NARRATIVE, NEW_VERSION, INCIDENT_JSON, SCREENSHOT_DIR, BENCH_UPDATES.
import { chromium } from 'playwright-core';

const env = process.env;
const out = {};
const browser = await chromium.launch({
  executablePath: env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // 1. The battlemap of the scenario.
  await page.goto(env.BASE_URL);
  await page.waitForSelector('#battlemap .pin');
  out.capturePoints = await page.locator('#battlemap .cp').count();
  out.segments = await page.locator('#battlemap .seg').count();
  out.badSegments = await page.locator('#battlemap .seg.health-bad').evaluateAll((ls) => ls.map((l) => l.dataset.segment));
  out.pins = await page.locator('#battlemap .pin').count();
  out.paths = await page.locator('#battlemap .path').count();
  out.demoBannerVisible = await page.locator('#demo-banner').isVisible();
  out.narrative = await page.locator('#narrative').textContent();
  await page.screenshot({ path: env.SCREENSHOT_DIR + '/battlemap.png' });

  // 2. A ladder: click the conversation's row.
  await page.click(`tr[data-uid="${env.LADDER_UID}"]`);
  await page.waitForSelector('#ladder .pkt');
  out.lanes = await page.locator('#ladder .lane').count();
  out.arrows = await page.locator('#ladder .pkt').count();
  out.lostArrows = await page.locator('#ladder .pkt.lost').count();
  out.lostStubs = await page.locator('#ladder .pkt.lost line.stub').count();
  out.retransArrows = await page.locator('#ladder .pkt.retrans').count();
  await page.locator('#ladder-wrap').screenshot({ path: env.SCREENSHOT_DIR + '/ladder.png' });
  const before = await page.locator('#ladder-view').getAttribute('transform');
  await page.click('#zoom-in');
  out.zoomChangesView = before !== (await page.locator('#ladder-view').getAttribute('transform'));
  await page.click('#zoom-reset');

  // 3. A new incident version pushed through the server's API reaches the open page.
  const snapshotsBefore = await page.evaluate(() => window.__battlemap.stats.snapshots);
  const incident = JSON.parse(env.INCIDENT_JSON);
  incident.version = Number(env.NEW_VERSION);
  incident.narrative = env.NEW_NARRATIVE;
  const push = await fetch(env.BASE_URL + '/api/incidents', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + env.OPERATOR_TOKEN },
    body: JSON.stringify({ v: 1, id: incident.id, version: incident.version, incident }),
  });
  out.pushStatus = push.status;
  await page.waitForFunction((t) => document.getElementById('narrative').textContent === t, env.NEW_NARRATIVE);
  out.narrativeAfterPush = await page.locator('#narrative').textContent();
  out.versionAfterPush = await page.locator('#incident-version').textContent();
  out.snapshotsDuringPush = (await page.evaluate(() => window.__battlemap.stats.snapshots)) - snapshotsBefore;

  // 3b. A dropped connection reconnects and catches up from a new snapshot.
  await page.evaluate(() => window.__battlemap.dropConnection());
  await page.waitForFunction((n) => window.__battlemap.stats.snapshots > n, snapshotsBefore);
  await page.waitForSelector('#conn.up');
  out.narrativeAfterReconnect = await page.locator('#narrative').textContent();

  // 4. Evidence links open the conversation they name.
  const link = page.locator('#incident-detail .evidence-link[data-conversation]').first();
  out.evidenceConversation = await link.getAttribute('data-conversation');
  await link.click();
  await page.waitForFunction((u) => document.getElementById('ladder-title').textContent.startsWith(u + ' '), out.evidenceConversation);
  out.evidenceOpensLadder = true;

  // 5. Votes: alice (voter role) signs in through the issuer and votes; bob may not.
  await page.click('#login');
  await page.click('#as-alice');
  await page.waitForSelector('button.vote');
  out.aliceUser = await page.locator('#user').textContent();
  await page.click('button.vote[data-choice="approve"]');
  await page.waitForFunction(() => document.body.dataset.lastVote);
  out.aliceVoteStatus = Number(await page.evaluate(() => document.body.dataset.lastVote));
  await page.waitForSelector('.proposal .tally:has-text("approve 1")');
  out.tallyAfterVote = await page.locator('.proposal .tally').first().textContent();
  await page.evaluate(() => fetch('/auth/logout', { method: 'POST' }));
  await page.goto(env.BASE_URL);
  await page.click('#login');
  await page.click('#as-bob');
  await page.waitForFunction(() => document.getElementById('user').textContent.includes('bob'));
  out.bobSeesVoteButton = (await page.locator('button.vote').count()) > 0;
  out.bobVoteStatus = await page.evaluate(async () => (await fetch('/api/votes', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Phalanx-Battlemap': '1' },
    body: JSON.stringify({ proposalId: document.querySelector('.proposal').dataset.proposal, choice: 'approve' }),
  })).status);
  out.pageErrors = errors;
  await context.close();

  // 5b. Demo mode: the bundled scenario under the DEMO banner.
  if (env.DEMO_URL) {
    const dctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const dp = await dctx.newPage();
    await dp.goto(env.DEMO_URL);
    await dp.waitForSelector('#battlemap .pin');
    out.demoBanner = (await dp.locator('#demo-banner').isVisible()) ? await dp.locator('#demo-banner').textContent() : null;
    out.demoCapturePoints = await dp.locator('#battlemap .cp').count();
    await dctx.close();
  }

  // 6. Benchmark: 1,000 conversations and 50 services, updates pushed while the page is measured.
  if (env.BENCH_URL) {
    const bctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const bp = await bctx.newPage();
    await bp.addInitScript(() => {
      window.__perf = { longTasks: [], frames: [] };
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__perf.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
      let last = performance.now();
      const tick = (t) => { window.__perf.frames.push(t - last); last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const t0 = Date.now();
    await bp.goto(env.BENCH_URL);
    await bp.waitForSelector('#battlemap .service');
    out.benchFirstRenderMs = Date.now() - t0;
    out.benchServices = await bp.locator('#battlemap .service').count();
    out.benchConversations = await bp.evaluate(() => window.__battlemap.state.network.conversations.length);
    await bp.evaluate(() => { window.__perf.longTasks = []; window.__perf.frames = []; window.__battlemap.stats.maxRenderMs = 0; window.__battlemap.stats.renders = 0; });
    const view = await (await fetch(env.BENCH_URL + '/api/snapshot')).json();
    const inc = JSON.parse(env.INCIDENT_JSON);
    const n = Number(env.BENCH_UPDATES || 100);
    const seq0 = Number(await bp.evaluate(() => document.body.dataset.seq));
    let expected = seq0;
    const tPush = Date.now();
    for (let i = 0; i < n; i++) {
      let body; let path;
      if (i % 2 === 0) {
        // A re-issued network view: every conversation and segment changes a little.
        const nv = view.network;
        nv.generatedBy = 'benchmark view ' + i;
        nv.conversations.forEach((c, j) => { c.packets += 1; c.retransmissions = (j + i) % 37 === 0 ? 5 : 0; });
        nv.segments.forEach((s, j) => { s.lossRatio = ((i + j) % 5) * 0.004; });
        body = nv; path = '/api/network'; expected += 1;
      } else {
        inc.version = 1000 + i; inc.narrative = 'benchmark narrative ' + i;
        body = inc; path = '/api/incidents'; expected += 1;
      }
      await fetch(env.BENCH_URL + path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + env.OPERATOR_TOKEN }, body: JSON.stringify(body) });
      await new Promise((r) => setTimeout(r, 50));
    }
    await bp.waitForFunction((s) => Number(document.body.dataset.seq) >= s, expected, { timeout: 60000 });
    out.benchPushWallMs = Date.now() - tPush;
    const perf = await bp.evaluate(() => ({ ...window.__perf, stats: window.__battlemap.stats }));
    const frames = perf.frames.slice(1).sort((a, b) => a - b);
    const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
    out.bench = {
      updates: n, renders: perf.stats.renders, maxRenderMs: perf.stats.maxRenderMs,
      longTasks: perf.longTasks.length, longestTaskMs: Math.max(0, ...perf.longTasks),
      frames: frames.length, frameP50Ms: pct(0.5), frameP95Ms: pct(0.95), frameMaxMs: frames[frames.length - 1],
    };
    await bp.screenshot({ path: env.SCREENSHOT_DIR + '/battlemap-1000-conversations.png' });
    await bctx.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
