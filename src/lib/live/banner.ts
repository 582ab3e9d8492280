/**
 * Live mode's first question: which AWS account is this? The banner shows the account and the caller the live
 * server found, and nothing reaches AWS until the learner confirms that account here.
 */
import { confirmAccount, liveStatus, type LiveStatus } from './page';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export async function showLiveBanner(): Promise<void> {
  const banner = el('section', undefined, { class: 'bl-live-banner', 'aria-label': 'Live mode', role: 'region' });
  const main = document.querySelector('main') ?? document.body;
  main.prepend(banner);
  let status: LiveStatus;
  try {
    status = await liveStatus();
  } catch (e) {
    banner.append(el('p', `The live server refused this page: ${(e as Error).message}`));
    return;
  }
  const render = (s: LiveStatus) => {
    banner.replaceChildren(
      el('p', s.confirmed ? 'Live mode: the workshop acts in this AWS account.' : 'Live mode: confirm the AWS account before the workshop touches it.'),
      el('p', `Account ${s.accountId} · caller ${s.callerArn} · region ${s.region}`, { 'data-live-account': s.accountId }),
    );
    if (!s.confirmed) {
      const button = el('button', `Confirm account ${s.accountId}`, { type: 'button', class: 'lab-button lab-button--primary', 'data-action': 'confirm-account' });
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await confirmAccount(s.accountId);
          render({ ...s, confirmed: true });
        } catch (e) {
          button.disabled = false;
          banner.append(el('p', `Not confirmed: ${(e as Error).message}`));
        }
      });
      banner.append(button);
    }
  };
  render(status);
}
