import type { SupportStatus } from '../../knowledge/model.js';
import { messages } from '../messages.js';
import {
  adaptiveCard,
  type AdaptiveCard,
  type CardAction,
  type Table,
  type TableCell,
  type TableRow,
} from './adaptiveCard.js';
import { markdownHeading as heading, markdownText as textBlock } from './markdownElements.js';
import type { MatrixExchangeCard, MatrixPairCard } from './replyCard.js';

function cell(text: string, bold = false): TableCell {
  return { type: 'TableCell', items: [textBlock(text, bold ? { weight: 'Bolder' } : {})] };
}

function row(cells: readonly TableCell[]): TableRow {
  return { type: 'TableRow', cells };
}

const refs = (notes: readonly number[]): string => notes.map((n) => `[${n}]`).join('');

/** One topology: a table of features with their support and note numbers, then the notes. */
export function matrixPairCard(
  card: MatrixPairCard,
  actions: readonly CardAction[],
  fallbackText: string,
): AdaptiveCard {
  const words = messages.matrix;
  const table: Table = {
    type: 'Table',
    columns: [{ width: 3 }, { width: 2 }, { width: 1 }],
    firstRowAsHeader: true,
    gridStyle: 'accent',
    rows: [
      row([cell(words.columns.feature, true), cell(words.columns.support, true), cell(words.columns.notes, true)]),
      ...card.rows.map((r) => row([cell(r.feature), cell(words.statusCell(r.status)), cell(refs(r.notes))])),
    ],
    fallback: textBlock(
      card.rows
        .map((r) => `- ${words.statusCell(r.status)}: ${r.feature}${r.notes.length > 0 ? ` ${refs(r.notes)}` : ''}`)
        .join('\n'),
    ),
  };
  const notes = card.notes.length > 0 ? [heading(words.notesHeading, 2), textBlock(words.notes(card.notes))] : [];
  return adaptiveCard([heading(words.pairTitle(card.exchange, card.sfb), 1), table, ...notes], actions, fallbackText);
}

function mark(status: SupportStatus | undefined): string {
  return status ? messages.matrix.mark[status] : '';
}

/** One Exchange side against every SfB side: a feature per row, an SfB side per column. */
export function matrixExchangeCard(
  card: MatrixExchangeCard,
  actions: readonly CardAction[],
  fallbackText: string,
): AdaptiveCard {
  const words = messages.matrix;
  const table: Table = {
    type: 'Table',
    columns: [{ width: 3 }, ...card.columns.map(() => ({ width: 1 }))],
    firstRowAsHeader: true,
    gridStyle: 'accent',
    rows: [
      row([cell(words.columns.feature, true), ...card.columns.map((c) => cell(c, true))]),
      ...card.rows.map((r) => row([cell(r.feature), ...r.cells.map((s) => cell(mark(s)))])),
    ],
    fallback: textBlock(
      card.rows
        .map(
          (r) =>
            `- ${r.feature}: ${r.cells.map((s, i) => (s ? `${card.columns[i] ?? ''} ${mark(s)}` : '')).join(' · ')}`,
        )
        .join('\n'),
    ),
  };
  return adaptiveCard(
    [heading(card.exchange, 1), table, textBlock(words.legend, { isSubtle: true })],
    actions,
    fallbackText,
  );
}
