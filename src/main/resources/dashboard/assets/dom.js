// Building elements without HTML strings: text always goes in as text (textContent or Text
// nodes), never through innerHTML, so a title such as <img src=x onerror=...> stays text.

/**
 * el('a', {href: '#/', class: 'x', onclick: fn}, 'text', child) — props: "class", "text",
 * "href" (checked, see safeHref), "dataset" (an object), on* (event listeners, functions only),
 * anything else as an attribute. Children: nodes, or strings added as text.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'href') {
      const href = safeHref(value);
      if (href !== null) node.setAttribute('href', href);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`${key} must be a function`);
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * The href to set, or null for none: the dashboard's own routes ("#/...") and API paths
 * ("api/..."), and absolute http/https URLs. Anything else (javascript:, data:, ...) is refused.
 */
export function safeHref(value) {
  const text = String(value);
  return text.startsWith('#/') || text.startsWith('api/') ? text : httpUrl(text);
}

/** The URL when it is absolute http or https, else null. */
export function httpUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A link that opens an outside URL when it is http(s), else the same text without a link. */
export function outsideLink(url, props = {}) {
  const href = httpUrl(url);
  return href === null
    ? el('span', props, url)
    : el('a', { ...props, href, rel: 'noopener noreferrer', target: '_blank' }, url);
}

/** Replaces the children of node. */
export function show(node, ...children) {
  node.replaceChildren();
  append(node, children);
}
