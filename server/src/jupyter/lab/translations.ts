// JupyterLab's language packs (/lab/api/translations): only English is bundled,
// so the list has one entry and every locale's catalog is empty (the front end
// then shows its built-in English strings).
export const LANGUAGES = {
  data: { en: { displayName: 'English', nativeName: 'English' } },
  message: '',
};

/** The catalog of a locale: empty for `default` and `en`; other locales are not installed. */
export function catalog(locale: string): { data: Record<string, unknown>; message: string } {
  if (locale === 'default' || locale === 'en' || locale.startsWith('en_') || locale.startsWith('en-')) return { data: {}, message: '' };
  return { data: {}, message: `Language pack '${locale}' not installed!` };
}
