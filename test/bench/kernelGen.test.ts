/**
 * The benchmark's C generator: the same seed gives the same file, the file is
 * about the size asked for, it parses cleanly once the kernel shapes are
 * rewritten (so the benchmark measures analysis, not error recovery), and the
 * one-character edit stays inside the function it names.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { createCParser } from '../../server/src/parsing/parser';
import { prepareSource } from '../../server/src/parsing/kernelShapes';
import { generateKernelFile, oneCharEdit, type FunctionKind } from '../../bench/kernelGen';

test('the same seed gives the same file; another seed another file', () => {
  const a = generateKernelFile({ seed: 7, lines: 2000 });
  const b = generateKernelFile({ seed: 7, lines: 2000 });
  const c = generateKernelFile({ seed: 8, lines: 2000 });
  assert.equal(a.text, b.text);
  assert.deepEqual(a.functions, b.functions);
  assert.notEqual(a.text, c.text);
});

test('the file is about the size asked for, its line count is exact, and it has every kind of function', () => {
  const file = generateKernelFile({ seed: 3, lines: 10_000 });
  assert.ok(file.lines >= 10_000 && file.lines < 10_300, `${file.lines} lines`);
  assert.equal(file.text.split('\n').length - 1, file.lines);
  const kinds = new Set<FunctionKind>(file.functions.map((f) => f.kind));
  for (const kind of ['plain', 'errorPaths', 'listWalk', 'ioctlSwitch', 'deepNesting', 'guards', 'idrAlloc', 'backToBack', 'readSide'] as const) {
    assert.ok(kinds.has(kind), `no ${kind} function`);
  }
  for (const construct of ['goto out_unlock;', 'list_for_each_entry(', 'scoped_guard(', 'guard(spinlock_irqsave)(', 'idr_preload(GFP_KERNEL);', 'switch (cmd) {', 'rcu_read_lock();']) {
    assert.ok(file.text.includes(construct), `no ${construct}`);
  }
});

test('generated files parse without ERROR or MISSING nodes after the kernel-shape rewrites', async () => {
  const parser = await createCParser();
  try {
    for (const seed of [1, 2, 3]) {
      const file = generateKernelFile({ seed, lines: 3000 });
      const tree = parser.parse(prepareSource(file.text).code)!;
      try {
        const bad: Node[] = [];
        const stack: Node[] = [tree.rootNode];
        while (stack.length) {
          const node = stack.pop()!;
          if (node.type === 'ERROR' || node.isMissing) bad.push(node);
          else if (node.hasError) stack.push(...node.children.filter((n): n is Node => n !== null));
        }
        assert.deepEqual(bad.map((n) => `line ${n.startPosition.row + 1}: ${n.type}`), [], `seed ${seed}`);
        const definitions = tree.rootNode.children.filter((n) => n?.type === 'function_definition').length;
        assert.equal(definitions, file.functions.length, `seed ${seed}`);
      } finally {
        tree.delete();
      }
    }
  } finally {
    parser.delete();
  }
});

test('the one-character edit changes one digit inside a lock-taking function', () => {
  const file = generateKernelFile({ seed: 5, lines: 3000 });
  const edit = oneCharEdit(file);
  assert.equal(edit.text.length, file.text.length);
  assert.equal(file.text[edit.offset], edit.oldChar);
  assert.equal(edit.text[edit.offset], edit.newChar);
  assert.notEqual(edit.oldChar, edit.newChar);
  assert.equal(edit.text.slice(0, edit.offset) + edit.oldChar + edit.text.slice(edit.offset + 1), file.text);
  assert.ok(edit.function.locks);
  assert.ok(edit.line > edit.function.startLine && edit.line < edit.function.endLine);
  assert.equal(file.text.split('\n')[edit.line][edit.character], edit.oldChar);
});
