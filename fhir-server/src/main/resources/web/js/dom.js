/** A small element builder: text always goes in as text, never as HTML. */

/**
 * Creates an element. Attributes: "class", "text", "hidden", event handlers as "on<event>", data-*, aria-*, and
 * any other attribute; children are nodes, strings or nested arrays (null and false are skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'text') {
      el.textContent = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : String(child));
    }
  }
}

/** Replaces an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A link that leaves the site: opens in place, says so to screen readers. */
export function externalLink(href, text) {
  if (!/^https?:\/\//i.test(href ?? '')) {
    return document.createTextNode(text ?? href ?? '');
  }
  return h('a', { href, rel: 'noopener noreferrer external', class: 'external' }, text ?? href);
}

/**
 * The directory's markdown (extraDetails: paragraphs with **bold** labels) as safe nodes: paragraphs, bold text,
 * nothing else.
 */
export function markdownParagraphs(markdown) {
  return String(markdown ?? '')
    .split(/\n{2,}/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => {
      const p = h('p');
      para.split(/(\*\*[^*]+\*\*)/).forEach((part) => {
        if (/^\*\*[^*]+\*\*$/.test(part)) {
          p.append(h('strong', { text: part.slice(2, -2) }));
        } else if (part) {
          p.append(part.replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1'));
        }
      });
      return p;
    });
}
