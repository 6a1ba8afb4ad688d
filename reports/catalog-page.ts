// The step catalog as a web page beside the report: the same catalog as docs/steps.md (built by
// scripts/step-catalog.ts from the loaded step definitions and the features), with each
// example's doc string or table shown as the feature writes it.
import type { Catalog, CatalogStep } from '../scripts/step-catalog.ts';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A step description: `code` spans and blank-line paragraphs, as the comments above the steps write them. */
function prose(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${esc(p.replace(/\s*\n\s*/g, ' ')).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
}

function fileTitle(uri: string): string {
  return uri.replace(/^.*\//, '').replace(/\.steps\.ts$|\.ts$/, '');
}

function example(step: CatalogStep): string {
  const ex = step.example;
  if (!ex) return '<p class="none">No example in features/ yet.</p>';
  let argument = '';
  if (ex.argument?.docString) argument = `<pre>"""\n${esc(ex.argument.docString.content)}\n"""</pre>`;
  else if (ex.argument?.dataTable) argument = `<pre>${esc(ex.argument.dataTable.rows.map((r) => `| ${r.cells.map((c) => c.value).join(' | ')} |`).join('\n'))}</pre>`;
  return `<div class="example">Example: <code>${esc(`${ex.keyword} ${ex.text}`)}</code> <span class="where">${esc(`${ex.uri}:${ex.line}`)}</span>${argument}</div>`;
}

const STYLE = `body{font-family:Helvetica,Arial,sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#1f2328;line-height:1.45}
code,pre{font-family:Menlo,Consolas,monospace;font-size:13px}code{background:#f1f3f5;padding:1px 4px;border-radius:3px}
pre{background:#f8f9fa;border:1px solid #e9ecef;padding:8px;overflow-x:auto}h2{border-bottom:1px solid #dee2e6;padding-bottom:4px;margin-top:36px}
h3{font-size:15px;margin:22px 0 4px}.where{color:#868e96;font-size:12px}.none{color:#868e96}nav a{margin-right:12px}dl{margin:4px 0}dt{font-weight:bold;display:inline}dd{display:inline;margin:0 0 0 4px}`;

export function renderCatalogPage(catalog: Catalog): string {
  const files = [...new Set(catalog.steps.map((s) => s.uri))];
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>kube-scenarios: step catalog</title>',
    `<style>${STYLE}</style></head><body>`,
    '<h1>Step catalog</h1>',
    '<p>Every step a scenario can use, what it does in Kubernetes terms, and one example from a real feature. Generated from the step definitions in <code>steps/</code> and the features in <code>features/</code>, as <code>docs/steps.md</code> is (<code>npm run steps</code>).</p>',
    `<nav>${files.map((uri) => `<a href="#${fileTitle(uri)}">${esc(fileTitle(uri))}</a>`).join('')}${catalog.parameterTypes.length ? '<a href="#parameter-types">parameter types</a>' : ''}</nav>`,
  ];
  for (const uri of files) {
    out.push(`<h2 id="${fileTitle(uri)}">${esc(fileTitle(uri))}</h2>`);
    for (const step of catalog.steps.filter((s) => s.uri === uri)) {
      out.push(`<h3><code>${esc(`${step.keyword} ${step.phrasing}`)}</code></h3>`);
      out.push(step.description ? prose(step.description) : '<p class="none">(undocumented)</p>');
      out.push(`<dl><dt>Parameters:</dt><dd>${step.parameters.length ? step.parameters.map((p) => `<code>${esc(p)}</code>`).join(', ') : 'none'}</dd> <span class="where">${esc(`${step.uri}:${step.line}`)}</span></dl>`);
      out.push(example(step));
    }
  }
  if (catalog.parameterTypes.length) {
    out.push('<h2 id="parameter-types">Parameter types</h2>');
    for (const type of catalog.parameterTypes) {
      out.push(`<h3><code>{${esc(type.name)}}</code></h3>`, type.description ? prose(type.description) : '', `<p>Matches ${type.regexps.map((r) => `<code>/${esc(r)}/</code>`).join(', ')} <span class="where">${esc(`${type.uri}:${type.line}`)}</span></p>`);
    }
  }
  out.push('</body></html>');
  return `${out.join('\n')}\n`;
}
