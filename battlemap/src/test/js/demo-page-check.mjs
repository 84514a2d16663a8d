// Opens a running `phalanx demo` war room in Debian chromium and reports what a user sees: the
// DEMO banner, the incident pins on the battlemap and the narrative. Used by the jobs module's
// DemoCommandITCase (run from the battlemap directory so playwright-core resolves). Env: BASE_URL.
import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(process.env.BASE_URL);
  await page.waitForSelector('#battlemap .pin', { timeout: 60000 });
  const out = {
    demoBannerVisible: await page.locator('#demo-banner').isVisible(),
    pins: await page.locator('#battlemap .pin').count(),
    capturePoints: await page.locator('#battlemap .cp').count(),
    narrative: await page.locator('#narrative').textContent(),
    errors,
  };
  if (process.env.SCREENSHOT) {
    await page.screenshot({ path: process.env.SCREENSHOT });
  }
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
