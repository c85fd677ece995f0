/** Settings from initializationOptions, pulled and pushed configuration; changes apply without restart. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BARE_CAPABILITIES, LspClient } from './harness';

const URI = 'file:///work/settings.c';
const TEXT = 'static int helper(int a)\n{\n\treturn a;\n}\n';
const NAME = { line: 0, character: 13 };

test('initializationOptions apply from the start', async () => {
  const client = await LspClient.start({ capabilities: BARE_CAPABILITIES, initializationOptions: { locklens: { maxFileBytes: 10 } } });
  try {
    await client.open(URI, TEXT, 1);
    await client.logged(/skipped .*settings\.c: file is 40 bytes, over locklens\.maxFileBytes \(10\)/);
    assert.equal(await client.hover(URI, NAME), null);
  } finally {
    await client.stop();
  }
});

test('pushed settings (client without workspace/configuration) take effect without restart', async () => {
  const client = await LspClient.start({ capabilities: BARE_CAPABILITIES });
  try {
    await client.open(URI, TEXT, 1);
    await client.diagnosticsAt(URI, 1);
    assert.ok(await client.hover(URI, NAME));
    await client.changeConfiguration({ locklens: { enable: false } });
    await client.waitFor(() => client.diagnostics.filter((d) => d.uri === URI).length >= 2, 're-published diagnostics');
    assert.equal(await client.hover(URI, NAME), null, 'master switch off');
    await client.changeConfiguration({ locklens: { enable: true, maxFileBytes: 20 } });
    await client.logged(/over locklens\.maxFileBytes \(20\)/);
    // Pushed settings apply before the next message is handled, so the hover sees them.
    await client.changeConfiguration({ locklens: {} });
    assert.ok(await client.hover(URI, NAME), 'back on defaults');
  } finally {
    await client.stop();
  }
});

test('pulled settings: the server asks workspace/configuration on each change and refreshes lenses and hints', async () => {
  const client = await LspClient.start({ settings: { enable: true } });
  try {
    await client.open(URI, TEXT, 1);
    await client.diagnosticsAt(URI, 1);
    client.settings = { maxFileBytes: 30 };
    // VS Code sends a null payload in the pull model: the server must fetch.
    await client.changeConfiguration(null);
    await client.logged(/over locklens\.maxFileBytes \(30\)/);
    await client.waitFor(() => client.refreshes.includes('workspace/codeLens/refresh') && client.refreshes.includes('workspace/inlayHint/refresh'), 'refresh requests');
    client.settings = { enable: false };
    const published = client.diagnostics.length;
    await client.changeConfiguration(null);
    // Pulling is a round trip: wait for the re-analysis it triggers.
    await client.waitFor(() => client.diagnostics.length > published, 're-published diagnostics');
    assert.equal(await client.hover(URI, NAME), null, 'master switch off, pulled');
  } finally {
    await client.stop();
  }
});
