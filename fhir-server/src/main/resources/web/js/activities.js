/**
 * The OpenActive activity list as the type-ahead uses it, read from the FHIR CodeSystem the server publishes
 * (CodeSystem/activity-list): labels, synonyms (designations) and the parent of each activity.
 */

export const ACTIVITY_SYSTEM = 'https://openactive.io/activity-list';

const fold = (text) => String(text ?? '').toLocaleLowerCase('en-GB').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim();

export class ActivityIndex {
  /** @param {object} codeSystem a FHIR CodeSystem resource (concepts flat or nested) */
  static fromCodeSystem(codeSystem) {
    const concepts = [];
    const walk = (list, inheritedParent) => {
      for (const c of list ?? []) {
        const parents = (c.property ?? []).filter((p) => p.code === 'parent').map((p) => p.valueCode);
        if (parents.length === 0 && inheritedParent) {
          parents.push(inheritedParent);
        }
        concepts.push({
          code: c.code,
          label: c.display ?? c.code,
          synonyms: (c.designation ?? []).map((d) => d.value).filter(Boolean),
          parents,
        });
        walk(c.concept, c.code);
      }
    };
    walk(codeSystem.concept, null);
    return new ActivityIndex(concepts);
  }

  constructor(concepts) {
    this.byCode = new Map(concepts.map((c) => [c.code, c]));
    this.entries = concepts.map((c) => ({ concept: c, label: fold(c.label), synonyms: c.synonyms.map(fold) }));
  }

  /** The concept with this code, or null. */
  get(code) {
    return this.byCode.get(code) ?? null;
  }

  /**
   * The concept named by a code, a concept URI, or a label or synonym in any case; null when none is.
   * A deep link may carry any of these.
   */
  resolve(codeOrLabel) {
    const text = String(codeOrLabel ?? '').trim();
    if (!text) {
      return null;
    }
    const code = text.includes('#') ? text.slice(text.lastIndexOf('#') + 1) : text;
    if (this.byCode.has(code)) {
      return this.byCode.get(code);
    }
    const wanted = fold(text);
    const hit =
      this.entries.find((e) => e.label === wanted) ?? this.entries.find((e) => e.synonyms.includes(wanted));
    return hit ? hit.concept : null;
  }

  /** The first parent of an activity (the next broader one), or null for a top concept. */
  parentOf(code) {
    const concept = this.byCode.get(code);
    const parent = concept?.parents.find((p) => this.byCode.has(p));
    return parent ? this.byCode.get(parent) : null;
  }

  /**
   * Activities matching typed text, best first: label starts with it, then a synonym does, then a word of the
   * label does, then the label contains it. Each match says which synonym matched, if one did.
   */
  search(text, limit = 8) {
    const wanted = fold(text);
    if (wanted.length === 0) {
      return [];
    }
    const scored = [];
    for (const e of this.entries) {
      let score = -1;
      let synonym = null;
      if (e.label.startsWith(wanted)) {
        score = 0;
      } else if (e.synonyms.some((s) => s.startsWith(wanted))) {
        score = 1;
        synonym = e.concept.synonyms[e.synonyms.findIndex((s) => s.startsWith(wanted))];
      } else if (e.label.split(/[\s-/]+/).some((w) => w.startsWith(wanted))) {
        score = 2;
      } else if (e.label.includes(wanted)) {
        score = 3;
      } else if (e.synonyms.some((s) => s.includes(wanted))) {
        score = 4;
        synonym = e.concept.synonyms[e.synonyms.findIndex((s) => s.includes(wanted))];
      }
      if (score >= 0) {
        scored.push({ score, concept: e.concept, synonym });
      }
    }
    scored.sort((a, b) => a.score - b.score || a.concept.label.localeCompare(b.concept.label, 'en-GB'));
    return scored.slice(0, limit).map(({ concept, synonym }) => ({ ...concept, synonym }));
  }
}
