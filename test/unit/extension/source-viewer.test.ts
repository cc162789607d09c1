// The source viewer's model without a DOM: recognising a notebook's %%file cell
// for a pack file, where "Save as notebook overlay" writes, and what the status
// line says. The header it writes is parsed by the kernel's own parser, so the
// two cannot drift apart.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  findOverlayCell,
  overlayCellSource,
  overlayContent,
  parseFileCellHeader,
  planOverlaySave,
  SourceViewerModel,
  type CellSource
} from '../../../extension/src/source-viewer/model.js';
import { parseFileCell } from '../../../server/src/kernel/file-cell.js';

const code = (source: string): CellSource => ({ cellType: 'code', source });

describe('overlay cells in a notebook', () => {
  test('the cell the viewer writes is the cell the kernel reads', () => {
    const src = overlayCellSource('kite', 'src/sched/sched.c', 'int x;\n');
    assert.deepEqual(parseFileCell(src), { pack: 'kite', path: 'src/sched/sched.c', content: 'int x;\n' });
  });

  test('headers are recognised on the first line only, paths normalized', () => {
    assert.deepEqual(parseFileCellHeader('%%file kite:./src//a.c\nx'), { pack: 'kite', path: 'src/a.c' });
    assert.equal(parseFileCellHeader('%target kite\n%%file kite:a.c'), undefined);
    assert.equal(parseFileCellHeader('%%file kite\n'), undefined);
    assert.equal(parseFileCellHeader('#include <bootbook.h>'), undefined);
  });

  test('the overlay of a file is found among other cells, not in markdown and not for another file or pack', () => {
    const cells = [
      { cellType: 'markdown', source: '%%file kite:src/a.c\nnot code' },
      code('%%file linux:src/a.c\nlinux'),
      code('%%file kite:src/b.c\nb'),
      code('%%file kite:./src/a.c\nthe overlay\n'),
      code('int main(void) { return 0; }')
    ];
    assert.equal(findOverlayCell(cells, 'kite', 'src/a.c'), 3);
    assert.equal(overlayContent(cells, 'kite', 'src/a.c'), 'the overlay\n');
    assert.equal(findOverlayCell(cells, 'kite', 'src/c.c'), -1);
    assert.equal(overlayContent(cells, 'kite', 'src/c.c'), undefined);
    // An empty body removes an overlay: there is nothing to open.
    assert.equal(overlayContent([code('%%file kite:src/a.c\n\n')], 'kite', 'src/a.c'), undefined);
  });

  test('saving updates the existing cell, else inserts a new first cell', () => {
    const cells = [code('int main(void) { return 0; }'), code('%%file kite:src/a.c\nold\n')];
    assert.deepEqual(planOverlaySave(cells, 'kite', 'src/a.c', 'new\n'), { action: 'update', index: 1, source: '%%file kite:src/a.c\nnew\n' });
    assert.deepEqual(planOverlaySave(cells, 'kite', 'src/b.c', 'b\n'), { action: 'insert', index: 0, source: '%%file kite:src/b.c\nb\n' });
    assert.deepEqual(planOverlaySave([], 'kite', 'src/b.c', 'b\n').action, 'insert');
  });
});

describe('SourceViewerModel', () => {
  test('opens the pack file; edits are unsaved until saved; saving makes it the overlay', () => {
    const m = new SourceViewerModel('kite', 'src/a.c', 'int a;\n');
    assert.equal(m.origin, 'pack');
    assert.equal(m.current, 'int a;\n');
    assert.equal(m.status(), 'kite/src/a.c · 7 bytes · from the pack');
    m.setText('int b;\n');
    assert.equal(m.unsaved, true);
    assert.equal(m.changedFromPack, true);
    assert.match(m.status(), / · edited, not saved$/);
    const plan = m.planSave([code('int main(void) { return 0; }')]);
    assert.deepEqual(plan, { action: 'insert', index: 0, source: '%%file kite:src/a.c\nint b;\n' });
    m.markSaved();
    assert.equal(m.unsaved, false);
    assert.equal(m.origin, 'overlay');
    assert.equal(m.status(), "kite/src/a.c · 7 bytes · from the notebook's overlay (%%file cell) · differs from the pack");
  });

  test("opens the notebook's overlay when there is one, with the pack's file as the original", () => {
    const m = new SourceViewerModel('kite', 'src/a.c', 'int a;\n', 'int overlay;\n');
    assert.equal(m.origin, 'overlay');
    assert.equal(m.current, 'int overlay;\n');
    assert.equal(m.original, 'int a;\n');
    assert.equal(m.unsaved, false);
    assert.equal(m.changedFromPack, true);
  });

  test('the diff toggle flips', () => {
    const m = new SourceViewerModel('kite', 'src/a.c', '');
    assert.equal(m.diff, false);
    assert.equal(m.toggleDiff(), true);
    assert.equal(m.toggleDiff(), false);
  });
});
