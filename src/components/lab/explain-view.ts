/** The body of the "Why denied?" dialog, built from an Explanation (src/lib/explain) with text nodes only. */
import { explainSvg, regionWords, type Explanation } from '../../lib/explain';

const VERDICT: Record<Explanation['decision'], string> = {
  Allowed: 'Allowed',
  ImplicitDeny: 'Denied (implicit deny)',
  ExplicitDeny: 'Denied (explicit deny)',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function explainHeading(e: Explanation): string {
  return e.decision === 'Allowed' ? 'Why allowed?' : 'Why denied?';
}

export function renderExplanation(e: Explanation): DocumentFragment {
  const out = document.createDocumentFragment();
  const verdict = el('p', undefined, 'lab-explain__verdict');
  verdict.dataset.decision = e.decision;
  verdict.append(el('strong', `${VERDICT[e.decision]}:`), ` ${regionWords(e)}.`);
  out.append(verdict);

  const facts = el('dl', undefined, 'lab-explain__facts');
  for (const [k, v] of [
    ['Action', e.action],
    ['Resource', e.resource],
    ['Principal', e.principal],
  ]) facts.append(el('dt', k), el('dd', v));
  out.append(facts);

  const quote = el('blockquote', undefined, 'lab-explain__sentence');
  quote.append(el('p', e.sentence));
  out.append(el('p', 'What AWS says:'), quote);

  const figure = el('figure', undefined, 'lab-explain__picture');
  // explainSvg escapes every value it writes into the markup.
  figure.innerHTML = explainSvg(e);
  const caption = el('figcaption', e.hasBoundary ? `The dot is ${e.action}; only the overlap of the two circles is allowed.` : `The dot is ${e.action}.`);
  figure.append(caption);
  out.append(figure);

  for (const section of e.sections) {
    const part = el('section', undefined, 'lab-explain__section');
    part.append(el('h3', `${section.policyType[0].toUpperCase()}${section.policyType.slice(1)}: ${section.decision}`));
    if (section.statements.length === 0) part.append(el('p', 'No statement matched.'));
    else {
      const ul = el('ul');
      for (const s of section.statements) {
        const li = el('li');
        li.append(el('strong', `${s.effect} ${s.sid}`), ` in ${s.policy}: ${s.matched}`);
        if (s.conditions.length) {
          const conditions = el('ul', undefined, 'lab-explain__conditions');
          for (const c of s.conditions) conditions.append(el('li', c));
          li.append(conditions);
        }
        ul.append(li);
      }
      part.append(ul);
    }
    out.append(part);
  }
  if (e.missingContextValues.length) {
    out.append(el('p', `Condition keys absent from the request: ${e.missingContextValues.join(', ')}.`));
  }
  return out;
}
