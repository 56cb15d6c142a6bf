/** The pack's stylesheet: A4 print pages; logical properties, so a Persian pack reads right to left. */
export const PACK_CSS = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: #1f2933; font-size: 10.5pt; line-height: 1.45; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 26pt; margin: 0 0 6mm; font-weight: 600; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; border-bottom: 2px solid #1d4ed8; padding-bottom: 1.5mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; }
h4 { font-size: 10.5pt; margin: 4mm 0 1.5mm; color: #3e4c59; }
.title-page { display: flex; flex-direction: column; justify-content: center; padding: 8mm 0 4mm; page-break-after: always; break-after: page; }
/* A full first page on paper; on screen the title block needs no blank half page above and below it. */
@media print { .title-page { min-height: 240mm; padding: 0; } }
.title-page .kicker { text-transform: uppercase; letter-spacing: 0.12em; color: #1d4ed8; font-size: 10pt; margin-bottom: 3mm; }
.title-page dl { display: grid; grid-template-columns: 35mm 1fr; gap: 2mm 4mm; margin-top: 10mm; }
.title-page dt { color: #6b7785; }
.title-page dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; break-inside: avoid; }
th, td { text-align: start; padding: 1.4mm 2mm; border-bottom: 1px solid #e3e7ec; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
figure { margin: 2mm 0 5mm; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; direction: ltr; }
figcaption { color: #6b7785; font-size: 9pt; }
.muted { color: #6b7785; }
.caution { color: #8a5300; border-inline-start: 3px solid #d08a00; padding-inline-start: 8px; }
.diff-tag { display: inline-block; font-size: 8.5pt; font-weight: 600; padding: 0 1.5mm; border-radius: 2px; white-space: nowrap; }
.diff-added { background: #ecfdf3; color: #166534; }
.diff-removed { background: #fef2f2; color: #991b1b; }
.diff-changed { background: #eff6ff; color: #1e40af; }
.changes th:first-child, .changes td:first-child { width: 1%; white-space: nowrap; }
.note { background: #f8fafc; border-inline-start: 3px solid #94a3b8; padding: 2mm 3mm; margin: 2mm 0 4mm; white-space: pre-wrap; }
.decision { padding: 2mm 3mm; background: #f3f5f8; }
.decision-accept { background: #ecfdf3; border-inline-start: 3px solid #15803d; }
.decision-reject { background: #fef2f2; border-inline-start: 3px solid #b91c1c; }
.decision-defer { background: #fffbeb; border-inline-start: 3px solid #b45309; }
section.agenda-item, section.proposal { break-inside: auto; }
.page-break { break-before: page; page-break-before: always; }
.summary li { margin-bottom: 1.5mm; }
footer { margin-top: 10mm; color: #6b7785; font-size: 8.5pt; }
`;
