/**
 * An editable combobox with a list of suggestions (WAI-ARIA 1.2 combobox pattern): typing shows matching
 * activities, arrow keys move through them, Enter or a click chooses one, Escape closes the list.
 */

import { h, replaceChildren } from './dom.js';

/**
 * @param input the text input (role=combobox, aria-controls = the listbox's id)
 * @param listbox the list element (role=listbox)
 * @param suggest (text) => [{code, label, synonym}]
 */
export function attachCombobox(input, listbox, suggest) {
  let items = [];
  let active = -1;

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (index) => {
    active = index;
    [...listbox.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      const li = listbox.children[index];
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const choose = (index) => {
    const item = items[index];
    if (item) {
      input.value = item.label;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    close();
  };

  const open = () => {
    items = suggest(input.value);
    if (items.length === 0) {
      close();
      return;
    }
    replaceChildren(
      listbox,
      items.map((item, i) =>
        h(
          'li',
          {
            id: `${listbox.id}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            onmousedown: (e) => e.preventDefault(),
            onclick: () => choose(i),
          },
          item.label,
          item.synonym ? h('span', { class: 'synonym' }, ` (also called ${item.synonym})`) : null,
        ),
      ),
    );
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  input.addEventListener('input', open);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (e) => {
    const expanded = !listbox.hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!expanded) {
        open();
      }
      if (items.length > 0) {
        highlight(Math.min(active + 1, items.length - 1));
      }
    } else if (e.key === 'ArrowUp' && expanded) {
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === 'Enter' && expanded && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      close();
    }
  });
}
