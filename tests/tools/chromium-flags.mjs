// Flags every Chromium started by the test tools gets (see README.md): headless, no
// sandbox (CI runs as root), and no background networking, which this machine's closed
// network refuses.
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
