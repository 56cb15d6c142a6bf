export type Catalogue = Record<string, string>;

/**
 * A translation over English: an id the translation lacks shows in English rather than as its raw
 * id, and is listed, so the loader can report it where the e2e tests see it.
 */
export function overEnglish(en: Catalogue, own: Catalogue): { messages: Catalogue; missing: string[] } {
  const missing = Object.keys(en).filter((id) => !Object.hasOwn(own, id));
  return { messages: { ...en, ...own }, missing };
}
