/**
 * How Jangkau starts the system Chromium (the report PDF here, the browser tests in tests/): headless,
 * no sandbox (containers), nothing that phones home. Each launch also gets a fresh --user-data-dir.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
