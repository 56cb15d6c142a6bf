import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * No UI string bypasses the catalogue: the TypeScript parser walks every renderer .tsx and reports
 * JSX text with letters, and string literals with letters in attributes a user reads or hears
 * (visible or announced by a screen reader), or as JSX children ({'Save'}, {x ? 'On' : 'Off'}).
 */
const SRC = 'renderer/src';

/** Attributes whose value is shown or read out: DOM ones and the props our components render as text. */
const USER_FACING = new Set([
  'title',
  'placeholder',
  'alt',
  'label',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'hint',
  'message',
  'confirmLabel',
  'cancelLabel',
  'emptyText',
  'heading',
  'caption',
  'summary',
  'tooltip',
]);

/**
 * Text that is not language: example data in the user's own notation, and marks. Each entry is
 * `file: text`; keep it short and say why.
 */
const ALLOWED = new Set([
  // The brand mark beside the product name (aria-hidden): a logo, not a word.
  'App.tsx: L',
  // The info icon's glyph (aria-hidden; the button has a translated aria-label).
  'features/insights/MetricInfo.tsx: i',
  // Example values as they appear in the user's data: an attribute key, a field path, CSV cells
  // and an id prefix from a CRM export, a connection string. Translating them would mislead.
  'features/criteria/RuleDialog.tsx: tech_stack',
  'features/criteria/SuggestForm.tsx: attributes.converted',
  'features/import/ColumnOptionsDialog.tsx: TRUE, yes, 1',
  'features/import/ColumnOptionsDialog.tsx: FALSE, no, 0',
  'features/import/ColumnOptionsDialog.tsx: Select, N/A',
  'features/import/ColumnOptionsDialog.tsx: hs-',
  'features/sync/SyncCard.tsx: postgres://db.example.com/leadpact',
]);

const HAS_LETTER = /\p{L}/u;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.tsx') ? [path] : [];
  });
}

/** String literals an expression can evaluate to directly (not arguments of calls such as t('id')). */
function literals(e: ts.Expression): { text: string; node: ts.Node }[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [{ text: e.text, node: e }];
  if (ts.isTemplateExpression(e)) return [{ text: [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' '), node: e }];
  if (ts.isParenthesizedExpression(e)) return literals(e.expression);
  if (ts.isConditionalExpression(e)) return [...literals(e.whenTrue), ...literals(e.whenFalse)];
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.PlusToken].includes(e.operatorToken.kind))
    return [...literals(e.left), ...literals(e.right)];
  return [];
}

/** Keyboard keys (<kbd>a</kbd>) name keys on the keyboard, which are the same in every language. */
function insideKbd(node: ts.Node): boolean {
  const el = node.parent;
  return ts.isJsxElement(el) && el.openingElement.tagName.getText() === 'kbd';
}

export function bypasses(file: string, text: string): string[] {
  const rel = relative(SRC, file);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, what: string, value: string) => {
    const v = value.trim().replace(/\s+/g, ' ');
    if (!HAS_LETTER.test(v) || ALLOWED.has(`${rel}: ${v}`)) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    found.push(`${rel}:${line} ${what} ${JSON.stringify(v)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && !insideKbd(node)) report(node, 'text', node.text);
    if (ts.isJsxAttribute(node) && USER_FACING.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, `${node.name.getText(sf)}=`, init.text);
      else if (ts.isJsxExpression(init) && init.expression)
        for (const l of literals(init.expression)) report(l.node, `${node.name.getText(sf)}=`, l.text);
    }
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)))
      for (const l of literals(node.expression)) report(l.node, 'child', l.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('renderer strings', () => {
  it('all come from the catalogue', () => {
    const found = sources(SRC).flatMap((f) => bypasses(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check itself catches text, labels and literal children', () => {
    const sample = `export const X = ({ on }: { on: boolean }) => (
      <div title="Open lead" aria-label={on ? 'Enabled' : t('x')}>
        Hello {'world'} <kbd>a</kbd> {t('ok')} {on ? 'Yes' : null}
        <input placeholder={\`Search \${n}\`} className="not-text" data-testid="also-fine" />
      </div>
    );`;
    expect(bypasses(join(SRC, 'Sample.tsx'), sample).map((s) => s.replace(/^\S+ /, ''))).toEqual([
      'title= "Open lead"',
      'aria-label= "Enabled"',
      'text "Hello"',
      'child "world"',
      'child "Yes"',
      'placeholder= "Search"',
    ]);
  });
});
